import { and, eq } from 'drizzle-orm';
import { notificationPreferences, taskFollowers } from '../../schema/follows.ts';
import { loadTask, requireRole, requireUser } from '../access.ts';
import type { CommandHandlers } from '../handler.ts';
import { isNotificationKind } from '../notification-kinds.ts';
import { reject } from '../outcome.ts';

type FollowCommand = 'task.follow' | 'task.unfollow' | 'notification.setPreference';

function userEvent(userId: string, kind: string, payload: Record<string, unknown>) {
  return { projectId: null, kind, entityType: 'user', entityId: userId, payload };
}

/** Following tasks (anyone who reads the task) and choosing which notifications email you. */
export const followHandlers: CommandHandlers<FollowCommand> = {
  'task.follow': async (ctx, p) => {
    const task = await loadTask(ctx, p.taskId);
    await requireRole(ctx, task.projectId, 'viewer');
    await ctx.tx
      .insert(taskFollowers)
      .values({ taskId: task.id, userId: ctx.actor, createdAt: ctx.at })
      .onDuplicateKeyUpdate({ set: { taskId: task.id } });
    ctx.emit(userEvent(ctx.actor, 'task.followed', { taskId: task.id }));
    return { taskId: task.id, following: true };
  },

  'task.unfollow': async (ctx, p) => {
    const task = await loadTask(ctx, p.taskId);
    await requireRole(ctx, task.projectId, 'viewer');
    await ctx.tx
      .delete(taskFollowers)
      .where(and(eq(taskFollowers.taskId, task.id), eq(taskFollowers.userId, ctx.actor)));
    ctx.emit(userEvent(ctx.actor, 'task.unfollowed', { taskId: task.id }));
    return { taskId: task.id, following: false };
  },

  'notification.setPreference': async (ctx, p) => {
    await requireUser(ctx, ctx.actor);
    if (!isNotificationKind(p.kind)) reject('INVALID', `there is no notification kind ${p.kind}`);
    await ctx.tx
      .insert(notificationPreferences)
      .values({ userId: ctx.actor, kind: p.kind, email: p.email })
      .onDuplicateKeyUpdate({ set: { email: p.email } });
    ctx.emit(userEvent(ctx.actor, 'notification.preferenceSet', { kind: p.kind, email: p.email }));
    return { kind: p.kind, email: p.email };
  },
};
