import type { Entry } from '@raftboard/raft';
import type { EntryLog } from './entries.ts';

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same workload. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The board a workload runs on: `userCount` users, one project, three columns. */
export interface WorkloadBoard {
  projectId: string;
  userIds: string[];
  statusIds: string[];
}

/**
 * Entries that create a board: users u0..u(n-1), project `projectId` owned by u0 with columns
 * To Do / In Progress / Done, every other user a member (the last one a viewer).
 */
export function boardSetupEntries(
  log: EntryLog,
  options: { projectId?: string; userCount?: number } = {},
): { board: WorkloadBoard; entries: Entry[] } {
  const projectId = options.projectId ?? 'p0';
  const userIds = Array.from({ length: options.userCount ?? 5 }, (_, i) => `u${i}`);
  const statusIds = ['todo', 'doing', 'done'].map((name) => `${projectId}-${name}`);
  const entries = userIds.map((userId) =>
    log.command('user.signUp', userId, {
      userId,
      email: `${userId}@example.com`,
      username: `user${userId}`,
      displayName: userId,
      passwordHash: 'x'.repeat(32),
    }),
  );
  const categories = ['unstarted', 'started', 'completed'] as const;
  const statuses = statusIds.map((statusId, i) => ({
    statusId,
    name: statusId,
    category: categories[i] ?? 'unstarted',
    position: String(i),
  }));
  entries.push(
    log.command('project.create', userIds[0] ?? 'u0', { projectId, name: projectId, statuses }),
  );
  userIds.slice(1).forEach((userId, i, rest) => {
    const role = i === rest.length - 1 ? 'viewer' : 'member';
    entries.push(log.command('member.add', userIds[0] ?? 'u0', { projectId, userId, role }));
  });
  return { board: { projectId, userIds, statusIds }, entries };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * `count` entries of mixed task traffic on `board`, seeded: creates, updates with right and
 * stale versions, moves, assignments (some to non-members), comments with mentions, bulk
 * updates, deletes, repeated request ids and no-ops. Many are rejected on purpose.
 */
export function randomTaskEntries(
  log: EntryLog,
  board: WorkloadBoard,
  options: { count: number; seed: number },
): Entry[] {
  const random = seededRandom(options.seed);
  const taskIds: string[] = [];
  const entries: Entry[] = [];
  const { projectId } = board;
  while (entries.length < options.count) {
    const actor = pick(random, board.userIds);
    const roll = random();
    const taskId = taskIds.length > 0 ? pick(random, taskIds) : 'missing';
    if (roll < 0.3 || taskIds.length === 0) {
      const id = `t${log.index}`;
      taskIds.push(id);
      entries.push(
        log.command('task.create', actor, {
          taskId: id,
          projectId,
          statusId: pick(random, board.statusIds),
          title: `Task ${id}`,
          position: Math.floor(random() * 1e6).toString(36),
          assigneeIds: random() < 0.3 ? [pick(random, board.userIds)] : [],
        }),
      );
    } else if (roll < 0.5) {
      const changes = {
        title: `Renamed ${log.index}`,
        priority: pick(random, ['low', 'high'] as const),
      };
      const expectedVersion = random() < 0.5 ? 1 + Math.floor(random() * 3) : undefined;
      entries.push(
        log.command('task.update', actor, {
          taskId,
          changes,
          ...(expectedVersion ? { expectedVersion } : {}),
        }),
      );
    } else if (roll < 0.65) {
      const statusId = pick(random, board.statusIds);
      entries.push(log.command('task.move', actor, { taskId, statusId, position: 'm' }));
    } else if (roll < 0.72) {
      entries.push(
        log.command('task.assign', actor, {
          taskId,
          userId: pick(random, [...board.userIds, 'ghost']),
        }),
      );
    } else if (roll < 0.82) {
      const body = `Note for @user${pick(random, board.userIds)}`;
      entries.push(log.command('comment.add', actor, { commentId: `c${log.index}`, taskId, body }));
    } else if (roll < 0.87) {
      const updates = [taskId, pick(random, taskIds)].map((id) => ({
        taskId: id,
        changes: { dueDate: '2026-03-01' },
      }));
      entries.push(log.command('task.bulkUpdate', actor, { updates }));
    } else if (roll < 0.9) {
      entries.push(log.command('task.delete', actor, { taskId }));
    } else if (roll < 0.95 && entries.length > 0) {
      const earlier = Math.max(1, log.index - 1 - Math.floor(random() * 20));
      entries.push(
        log.command(
          'task.update',
          actor,
          { taskId, changes: { description: 'retry' } },
          { requestId: log.requestIdOf(earlier) },
        ),
      );
    } else {
      entries.push(log.raw(''));
    }
  }
  return entries;
}
