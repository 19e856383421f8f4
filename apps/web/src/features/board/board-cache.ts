import type { Cache } from '@urql/exchange-graphcache';
import type { ResultOf } from '../../graphql/index.ts';
import { BoardColumnQuery, type BoardTaskFields, ListTasksPageQuery } from './documents.ts';

/** A task as the board's cache holds it. */
export type BoardTask = ResultOf<typeof BoardTaskFields>;

/** The board columns (`Project.tasks(statusId:)` lists) this cache holds for a project. */
function cachedColumnIds(cache: Cache, projectId: string): Set<string> {
  const projectKey = cache.keyOfEntity({ __typename: 'Project', id: projectId });
  const columns = new Set<string>();
  if (projectKey === null) return columns;
  for (const field of cache.inspectFields(projectKey)) {
    const statusId = field.arguments?.statusId;
    if (field.fieldName === 'tasks' && typeof statusId === 'string') columns.add(statusId);
  }
  return columns;
}

/**
 * Edits one cached column through its first page's query, which reads and writes the merged
 * list of its loaded pages (relayPagination); `edit` returns false to leave it as it was.
 */
function editColumn(
  cache: Cache,
  column: { projectId: string; statusId: string },
  edit: (connection: NonNullable<ResultOf<typeof BoardColumnQuery>['project']>['tasks']) => boolean,
): void {
  cache.updateQuery({ query: BoardColumnQuery, variables: { ...column, after: null } }, (data) => {
    const connection = data?.project?.tasks;
    if (!connection || !edit(connection)) return null;
    return data;
  });
}

/**
 * Takes a task out of every cached page of one column's list, and its count, if it is there.
 * Pages past the first are filtered by link, as a page is not reachable by query alone.
 */
function removeFromColumn(
  cache: Cache,
  column: { projectId: string; statusId: string },
  taskId: string,
): void {
  let present = false;
  editColumn(cache, column, (connection) => {
    const kept = connection.edges.filter((edge) => edge.node.id !== taskId);
    present = kept.length < connection.edges.length;
    if (!present) return false;
    connection.edges = kept;
    connection.totalCount -= 1;
    return true;
  });
  if (present)
    unlinkTask(cache, column.projectId, taskId, (args) => args.statusId === column.statusId);
}

/**
 * Puts `task` in its column's list and takes it out of every other cached column (a move), and
 * in the list view's loaded orders, so
 * applying the same event twice (a replay after a reconnect, or our own mutation's result and
 * its echo) is harmless. A card that sorts after the last loaded card of a column with more
 * pages is left for "Show more" to bring, where it belongs. Columns never loaded are left
 * alone: they load fresh.
 */
export function placeTaskOnBoard(cache: Cache, projectId: string, task: BoardTask): void {
  placeTaskOnLists(cache, projectId, task);
  for (const statusId of cachedColumnIds(cache, projectId)) {
    if (statusId !== task.status.id) {
      removeFromColumn(cache, { projectId, statusId }, task.id);
      continue;
    }
    editColumn(cache, { projectId, statusId }, (connection) => {
      if (connection.edges.some((edge) => edge.node.id === task.id)) return false;
      const last = connection.edges.at(-1)?.node;
      const pastLoaded = last !== undefined && task.position > last.position;
      connection.totalCount += 1;
      if (connection.pageInfo.hasNextPage && pastLoaded) return true;
      connection.edges.push({ node: task, __typename: 'ProjectTasksConnectionEdge' } as never);
      return true;
    });
  }
}

/**
 * Puts `task` in every cached list-view order that is loaded to its end (the list sorts its
 * loaded rows itself); one with more pages leaves it for "Load more".
 */
function placeTaskOnLists(cache: Cache, projectId: string, task: BoardTask): void {
  const projectKey = cache.keyOfEntity({ __typename: 'Project', id: projectId });
  if (projectKey === null) return;
  for (const field of cache.inspectFields(projectKey)) {
    const orderBy = field.arguments?.orderBy;
    if (field.fieldName !== 'tasks' || !orderBy || field.arguments?.after) continue;
    const variables = { projectId, orderBy: orderBy as never, after: null };
    cache.updateQuery({ query: ListTasksPageQuery, variables }, (data) => {
      const connection = data?.project?.tasks;
      if (!connection || connection.pageInfo.hasNextPage) return null;
      if (connection.edges.some((edge) => edge.node.id === task.id)) return null;
      connection.edges.push({ node: task, __typename: 'ProjectTasksConnectionEdge' } as never);
      connection.totalCount += 1;
      return data;
    });
  }
}

/** Unlinks a task from the cached pages of the project's task lists whose arguments match. */
function unlinkTask(
  cache: Cache,
  projectId: string,
  taskId: string,
  matches: (args: Record<string, unknown>) => boolean,
): void {
  const projectKey = cache.keyOfEntity({ __typename: 'Project', id: projectId });
  const taskKey = cache.keyOfEntity({ __typename: 'Task', id: taskId });
  if (projectKey === null || taskKey === null) return;
  for (const field of cache.inspectFields(projectKey)) {
    if (field.fieldName !== 'tasks' || !matches(field.arguments ?? {})) continue;
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
 * Takes a task off every cached list of its project (a delete, or the task became invisible),
 * column counts included. Idempotent like `placeTaskOnBoard`.
 */
export function removeTaskFromBoard(cache: Cache, projectId: string, taskId: string): void {
  for (const statusId of cachedColumnIds(cache, projectId)) {
    removeFromColumn(cache, { projectId, statusId }, taskId);
  }
  unlinkTask(cache, projectId, taskId, () => true);
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
  // Created, changed, deleted, or disabled by repeated failure (only admins read the list).
  webhook: ['webhooks'],
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
    if (task.project.id === projectId) placeTaskOnBoard(cache, projectId, task);
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
