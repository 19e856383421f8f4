import { type Cache, type CacheExchangeOpts, cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import {
  mergeProjectEvent,
  placeTaskOnBoard,
  removeTaskFromBoard,
} from '../../features/board/board-cache.ts';
import { optimisticMoveTask } from '../../features/board/optimistic-move.ts';

/** Types without an id of their own live inside their parent's record. */
const embedded = () => null;

/**
 * The board's normalized cache. Entities are keyed by their Relay global id; paginated lists
 * merge their pages; live events and our own mutations join and leave lists through the
 * feature folders' updaters.
 */
export const cacheOptions: CacheExchangeOpts = {
  keys: {
    Cluster: embedded,
    ClusterNode: (node) => (typeof node.id === 'string' ? node.id : null),
    ProjectMember: embedded,
    ProjectReport: embedded,
    DurationPercentiles: embedded,
    AgingBucket: embedded,
    CumulativeFlowDay: embedded,
    WeeklyThroughput: embedded,
    AssigneeWork: embedded,
    TaskRelation: embedded,
    SharedTask: embedded,
    StreamMessage: embedded,
    Event: embedded,
    PageInfo: embedded,
    WebhookDeliveryAttempt: embedded,
    TaskRecurrence: embedded,
    // One per viewer: every answer that carries them (the query, each setting's mutation) writes
    // the same records, so the screen shows a change without reading it again.
    NotificationSettings: () => 'viewer',
    NotificationKindSetting: (setting) => (typeof setting.kind === 'string' ? setting.kind : null),
  },
  resolvers: {
    Project: { tasks: relayPagination(), events: relayPagination() },
    Task: { comments: relayPagination(), history: relayPagination() },
    Query: { notifications: relayPagination() },
  },
  updates: {
    Subscription: {
      projectEvents(result, args, cache) {
        const message = (result as { projectEvents?: unknown }).projectEvents;
        if (message) mergeProjectEvent(cache, String(args.projectId), message as never);
      },
    },
    Mutation: {
      createTask(result, _args, cache) {
        const task = (result as { createTask?: { task?: unknown } }).createTask?.task as
          | { project: { id: string } }
          | undefined;
        if (task) placeTaskOnBoard(cache, task.project.id, task as never);
      },
      // The card changes column lists at once (optimistic result) and again with the answer.
      moveTask(result, _args, cache) {
        const task = (result as { moveTask?: { task?: unknown } }).moveTask?.task;
        if (!task) return;
        for (const projectId of cachedProjectIds(cache)) {
          placeTaskOnBoard(cache, projectId, task as never);
        }
      },
      deleteTask(_result, args, cache) {
        const id = String((args.input as { id: string }).id);
        for (const projectId of cachedProjectIds(cache)) removeTaskFromBoard(cache, projectId, id);
      },
    },
  },
  optimistic: { moveTask: optimisticMoveTask },
};

/**
 * The ids of the projects this cache holds. A task's own project link is not always cached,
 * and placing a task on a project it is not in changes nothing.
 */
function cachedProjectIds(cache: Cache): string[] {
  const ids: string[] = [];
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName !== 'project') continue;
    const projectKey = cache.resolve('Query', field.fieldKey);
    const projectId = typeof projectKey === 'string' ? cache.resolve(projectKey, 'id') : null;
    if (typeof projectId === 'string') ids.push(projectId);
  }
  return ids;
}

/** The cache exchange, built once per client. */
export function boardCacheExchange() {
  return cacheExchange(cacheOptions);
}
