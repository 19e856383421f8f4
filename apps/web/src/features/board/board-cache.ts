import type { Cache } from '@urql/exchange-graphcache';
import type { ResultOf } from '../../graphql/index.ts';
import { type BoardTaskFields, BoardTasksPageQuery } from './documents.ts';

/** A task as the board's cache holds it. */
export type BoardTask = ResultOf<typeof BoardTaskFields>;

/**
 * Puts `task` on its project's board list unless it is there already. The list is the merged,
 * paginated `Project.tasks` (relayPagination): writing through the first page's query appends
 * to the merged list, and the merge drops duplicates by entity key, so applying the same event
 * twice (a replay after a reconnect, or our own mutation's result and its event) is harmless.
 * A board that was never loaded is left alone: it will load fresh.
 */
export function addTaskToBoard(cache: Cache, projectId: string, task: BoardTask): void {
  cache.updateQuery(
    { query: BoardTasksPageQuery, variables: { projectId, after: null } },
    (data) => {
      const connection = data?.project?.tasks;
      if (!connection) return data;
      if (connection.edges.some((edge) => edge.node.id === task.id)) return data;
      connection.edges.push({ node: task, __typename: 'ProjectTasksConnectionEdge' } as never);
      return data;
    },
  );
}

/**
 * Takes a task off every cached page of its project's board list (a delete, or the task became
 * invisible). Idempotent like `addTaskToBoard`.
 */
export function removeTaskFromBoard(cache: Cache, projectId: string, taskId: string): void {
  const projectKey = cache.keyOfEntity({ __typename: 'Project', id: projectId });
  const taskKey = cache.keyOfEntity({ __typename: 'Task', id: taskId });
  if (projectKey === null || taskKey === null) return;
  for (const field of cache.inspectFields(projectKey)) {
    if (field.fieldName !== 'tasks') continue;
    const connection = cache.resolve(projectKey, field.fieldKey);
    if (typeof connection !== 'string') continue;
    const edges = cache.resolve(connection, 'edges');
    if (!Array.isArray(edges)) continue;
    const kept = edges.filter(
      (edge) => typeof edge !== 'string' || cache.resolve(edge, 'node') !== taskKey,
    ) as string[];
    if (kept.length === edges.length) continue;
    cache.link(connection, 'edges', kept);
  }
}

/**
 * Invalidates every cached variant of a field (`comments(last: 100)` and any other arguments),
 * so each query that reads it runs again. `cache.invalidate(entity, name)` alone only reaches
 * the variant without arguments.
 */
function invalidateField(cache: Cache, entity: { __typename: string; id: string }, name: string) {
  const key = cache.keyOfEntity(entity);
  if (key === null) return;
  for (const field of cache.inspectFields(key)) {
    if (field.fieldName === name) cache.invalidate(key, field.fieldName, field.arguments);
  }
}

/** One message of `projectEvents` as the cache sees it. */
export type ProjectStreamMessage = ResultOf<
  typeof import('./documents.ts').ProjectEventsSubscription
>['projectEvents'];

/** Project fields to read again when an event of this entity type arrives. */
const projectFieldsByEntity: Record<string, string[]> = {
  status: ['statuses'],
  label: ['labels'],
  member: ['members'],
  project: ['name', 'description', 'archived', 'statuses'],
};

/** Task fields to read again when a comment, attachment or share link of it changes. */
const taskFieldsByEntity: Record<string, string[]> = {
  comment: ['comments', 'history'],
  attachment: ['attachments', 'history'],
  shareLink: ['shareLinks', 'history'],
  task: ['history', 'subtasks', 'relations', 'description', 'shareLinks'],
};

/**
 * Merges one live event into the cache, so a change arrives once and renders once:
 * - the task it concerns is already written by Graphcache (the subscription selects it);
 *   here it only joins or leaves the board list;
 * - a change to columns, labels, members or the project invalidates just those fields, which
 *   the screens showing them read again;
 * - RESYNC (events since the cursor are no longer stored) drops the cached board so it reloads.
 */
export function mergeProjectEvent(
  cache: Cache,
  projectId: string,
  message: ProjectStreamMessage,
): void {
  const projectEntity = { __typename: 'Project', id: projectId };
  if (message.type === 'RESYNC') {
    for (const field of ['tasks', 'statuses', 'labels', 'members']) {
      invalidateField(cache, projectEntity, field);
    }
    return;
  }
  const event = message.event;
  if (message.type !== 'EVENT' || !event) return;
  const task = event.task;
  if (task) {
    if (task.project.id === projectId) addTaskToBoard(cache, projectId, task);
    for (const field of taskFieldsByEntity[event.entityType] ?? []) {
      invalidateField(cache, { __typename: 'Task', id: task.id }, field);
    }
  } else if (event.entityType === 'task') {
    // Gone (or no longer visible): off the board, and an open drawer reads it again (null).
    removeTaskFromBoard(cache, projectId, event.entityId);
    cache.invalidate({ __typename: 'Task', id: event.entityId });
  }
  for (const field of projectFieldsByEntity[event.entityType] ?? []) {
    invalidateField(cache, projectEntity, field);
  }
}
