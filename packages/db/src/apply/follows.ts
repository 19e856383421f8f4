import { and, asc, eq, inArray } from 'drizzle-orm';
import { systemActor } from '../commands/fields.ts';
import { taskFollowers } from '../schema/follows.ts';
import { projectMembers } from '../schema/projects.ts';
import { tasks } from '../schema/tasks.ts';
import type { ApplyContext, EventDraft } from './apply-context.ts';

/** The task an event is about, for the kinds that concern followers. */
function taskOf(event: EventDraft): string | null {
  if (event.entityType === 'task') return event.entityId;
  const { taskId } = event.payload;
  return typeof taskId === 'string' ? taskId : null;
}

/** The status change an update or move event records, if any. */
function statusChange(event: EventDraft): { from: unknown; to: unknown } | null {
  if (event.kind !== 'task.moved' && event.kind !== 'task.updated') return null;
  const changes = event.payload.changes as
    | Record<string, { from: unknown; to: unknown }>
    | undefined;
  return changes?.statusId ?? null;
}

/**
 * What a command's events mean for followers, run after its handler: assignees and commenters
 * follow the task; followers (but the actor) hear of a comment, unless it mentioned them, and of
 * a move to another column. Deterministic: followers are read in user id order.
 */
export async function followAndNotify(ctx: ApplyContext): Promise<void> {
  const follows = new Map<string, Set<string>>();
  const follow = (taskId: string, userId: unknown) => {
    if (typeof userId !== 'string' || userId === systemActor) return;
    follows.set(taskId, (follows.get(taskId) ?? new Set()).add(userId));
  };
  const heard: { taskId: string; kind: string; skip: Set<string>; payload: object }[] = [];
  for (const event of ctx.events) {
    const taskId = taskOf(event);
    if (taskId === null || event.projectId === null) continue;
    if (event.kind === 'task.created') {
      for (const userId of (event.payload.assigneeIds as unknown[] | undefined) ?? []) {
        follow(taskId, userId);
      }
    } else if (event.kind === 'task.assigned') {
      follow(taskId, event.payload.userId);
    } else if (event.kind === 'comment.added') {
      follow(taskId, ctx.actor);
      const mentioned = (event.payload.mentions as string[] | undefined) ?? [];
      heard.push({
        taskId,
        kind: 'task.commented',
        skip: new Set(mentioned),
        payload: { commentId: event.entityId, by: ctx.actor },
      });
    } else {
      const change = statusChange(event);
      if (change) {
        heard.push({
          taskId,
          kind: 'task.statusChanged',
          skip: new Set(),
          payload: { ...change, by: ctx.actor },
        });
      }
    }
  }
  for (const [taskId, userIds] of [...follows.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await ctx.tx
      .insert(taskFollowers)
      .values([...userIds].sort().map((userId) => ({ taskId, userId, createdAt: ctx.at })))
      .onDuplicateKeyUpdate({ set: { taskId } });
  }
  if (heard.length === 0) return;
  const taskIds = [...new Set(heard.map((item) => item.taskId))];
  // Only followers still in the project: one who left hears nothing of it.
  const followers = await ctx.tx
    .select({
      taskId: taskFollowers.taskId,
      userId: taskFollowers.userId,
      projectId: tasks.projectId,
      title: tasks.title,
    })
    .from(taskFollowers)
    .innerJoin(tasks, eq(tasks.id, taskFollowers.taskId))
    .innerJoin(
      projectMembers,
      and(
        eq(projectMembers.projectId, tasks.projectId),
        eq(projectMembers.userId, taskFollowers.userId),
      ),
    )
    .where(inArray(taskFollowers.taskId, taskIds))
    .orderBy(asc(taskFollowers.taskId), asc(taskFollowers.userId));
  for (const item of heard) {
    for (const follower of followers) {
      if (follower.taskId !== item.taskId || item.skip.has(follower.userId)) continue;
      ctx.notify({
        userId: follower.userId,
        kind: item.kind,
        projectId: follower.projectId,
        taskId: item.taskId,
        payload: { ...item.payload, title: follower.title },
      });
    }
  }
}
