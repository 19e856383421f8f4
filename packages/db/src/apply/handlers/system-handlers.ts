import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { clusterLeader, clusterMembers } from '../../schema/cluster.ts';
import { notifications } from '../../schema/notifications.ts';
import { projectMembers } from '../../schema/projects.ts';
import { taskAssignees, tasks } from '../../schema/tasks.ts';
import { deliveryAttempts, outbox, webhooks } from '../../schema/webhooks.ts';
import { requireSystem, requireUser } from '../access.ts';
import type { ApplyContext } from '../apply-context.ts';
import type { CommandHandlers } from '../handler.ts';
import { reject } from '../outcome.ts';
import { untoldOpenTasksDue } from '../schedule-windows.ts';

type SystemCommand =
  | 'notification.markRead'
  | 'outbox.enqueue'
  | 'outbox.recordDelivery'
  | 'reminder.sendDue'
  | 'cluster.memberUpdate'
  | 'cluster.leaderChanged';

/** After this many failed attempts in a round an outbox message is given up on. */
export const outboxAttemptsMax = 8;
/**
 * A webhook whose deliveries failed this many times in a row, across its messages, is
 * disabled: two messages' worth of full rounds, so one bad payload alone never disables it.
 */
export const webhookFailureStreakMax = 2 * outboxAttemptsMax;

/**
 * Keeps a webhook's record of failed attempts in a row: a success clears it; the failure that
 * reaches `webhookFailureStreakMax` disables the hook (its pending messages wait, and no new
 * ones are queued, until an admin enables it again) and tells the project's admins.
 */
async function recordWebhookOutcome(
  ctx: ApplyContext,
  webhookId: string,
  failure: { ok: boolean; statusCode: number | null; error: string | null },
) {
  const [hook] = await ctx.tx.select().from(webhooks).where(eq(webhooks.id, webhookId));
  if (!hook) return;
  if (failure.ok) {
    if (hook.failureStreak > 0) {
      await ctx.tx.update(webhooks).set({ failureStreak: 0 }).where(eq(webhooks.id, webhookId));
    }
    return;
  }
  const failureStreak = hook.failureStreak + 1;
  const disable = hook.enabled && failureStreak >= webhookFailureStreakMax;
  const last =
    failure.statusCode === null ? (failure.error ?? 'no answer') : `HTTP ${failure.statusCode}`;
  const disabledReason = `${failureStreak} failed attempts in a row (last: ${last})`.slice(0, 255);
  await ctx.tx
    .update(webhooks)
    .set(
      disable
        ? { failureStreak, enabled: false, disabledReason, updatedAt: ctx.at }
        : { failureStreak },
    )
    .where(eq(webhooks.id, webhookId));
  if (!disable) return;
  const payload = { webhookId, url: hook.url, reason: disabledReason };
  ctx.emit({
    projectId: hook.projectId,
    kind: 'webhook.disabled',
    entityType: 'webhook',
    entityId: webhookId,
    payload,
  });
  const admins = await ctx.tx
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(
      and(
        eq(projectMembers.projectId, hook.projectId),
        inArray(projectMembers.role, ['admin', 'owner']),
      ),
    )
    .orderBy(projectMembers.userId);
  for (const { userId } of admins) {
    ctx.notify({
      userId,
      kind: 'webhook.disabled',
      projectId: hook.projectId,
      taskId: null,
      payload,
    });
  }
}

function systemEvent(kind: string, entity: [string, string], payload: object) {
  return {
    projectId: null,
    kind,
    entityType: entity[0],
    entityId: entity[1],
    payload: { ...payload },
  };
}

/**
 * Notifies a task's assignees (in user id order) with `kind`, and returns who they are. Shared
 * by due-soon reminders and overdue notices.
 */
export async function notifyAssignees(
  ctx: ApplyContext,
  task: { id: string; projectId: string; title: string; dueDate: string | null },
  kind: string,
): Promise<string[]> {
  const assignees = await ctx.tx
    .select({ userId: taskAssignees.userId })
    .from(taskAssignees)
    .where(eq(taskAssignees.taskId, task.id))
    .orderBy(taskAssignees.userId);
  const payload = { title: task.title, dueDate: task.dueDate };
  for (const { userId } of assignees) {
    ctx.notify({ userId, kind, projectId: task.projectId, taskId: task.id, payload });
  }
  return assignees.map((row) => row.userId);
}

const dueTaskFields = {
  id: tasks.id,
  projectId: tasks.projectId,
  title: tasks.title,
  dueDate: tasks.dueDate,
};

/**
 * Reminds the assignees of the open tasks `which` selects (untold due dates in a window:
 * apply/schedule-windows.ts), once per due date, earliest first, at most `limit` tasks; `more`
 * when the limit cut the list short.
 */
export async function sendDueReminders(ctx: ApplyContext, which: SQL | undefined, limit: number) {
  const due = await ctx.tx
    .select(dueTaskFields)
    .from(tasks)
    .where(which)
    .orderBy(asc(tasks.dueDate), asc(tasks.id))
    .limit(limit);
  for (const task of due) {
    const userIds = await notifyAssignees(ctx, task, 'task.dueSoon');
    await ctx.tx.update(tasks).set({ remindedDueDate: task.dueDate }).where(eq(tasks.id, task.id));
    ctx.emit({
      projectId: task.projectId,
      kind: 'task.dueReminderSent',
      entityType: 'task',
      entityId: task.id,
      payload: { dueDate: task.dueDate, userIds },
    });
  }
  return { remindedTaskIds: due.map((task) => task.id), more: due.length === limit };
}

/**
 * Tells the assignees of the open tasks `which` selects that they are overdue, once per due
 * date, earliest first, at most `limit` tasks.
 */
export async function notifyOverdue(ctx: ApplyContext, which: SQL | undefined, limit: number) {
  const overdue = await ctx.tx
    .select(dueTaskFields)
    .from(tasks)
    .where(which)
    .orderBy(asc(tasks.dueDate), asc(tasks.id))
    .limit(limit);
  for (const task of overdue) {
    await notifyAssignees(ctx, task, 'task.overdue');
    await ctx.tx
      .update(tasks)
      .set({ overdueNotifiedDate: task.dueDate })
      .where(eq(tasks.id, task.id));
  }
  return { overdue: overdue.map((task) => task.id), more: overdue.length === limit };
}

/** Notifications (a user's own) and what the leader proposes: outbox, reminders, cluster. */
export const systemHandlers: CommandHandlers<SystemCommand> = {
  'notification.markRead': async (ctx, p) => {
    await requireUser(ctx, ctx.actor);
    const unread = and(eq(notifications.userId, ctx.actor), isNull(notifications.readAt));
    const which = 'all' in p ? unread : and(unread, inArray(notifications.id, p.notificationIds));
    const [result] = await ctx.tx.update(notifications).set({ readAt: ctx.at }).where(which);
    const ids = 'all' in p ? 'all' : p.notificationIds;
    ctx.emit(
      systemEvent('notification.read', ['user', ctx.actor], { ids, count: result.affectedRows }),
    );
    return { marked: result.affectedRows };
  },

  'outbox.enqueue': async (ctx, p) => {
    requireSystem(ctx);
    await ctx.tx.insert(outbox).values({
      id: p.outboxId,
      kind: p.kind,
      recipient: p.recipient,
      idempotencyKey: p.idempotencyKey,
      payload: p.payload,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: ctx.at,
      createdAt: ctx.at,
      updatedAt: ctx.at,
    });
    ctx.emit(systemEvent('outbox.enqueued', ['outbox', p.outboxId], { kind: p.kind }));
    return { outboxId: p.outboxId };
  },

  'outbox.recordDelivery': async (ctx, p) => {
    requireSystem(ctx);
    const [message] = await ctx.tx.select().from(outbox).where(eq(outbox.id, p.outboxId));
    if (!message) return reject('NOT_FOUND', `outbox message ${p.outboxId} does not exist`);
    if (message.state !== 'pending') reject('CONFLICT', `message is already ${message.state}`);
    if (p.attempt !== message.attempts + 1) {
      reject('CONFLICT', `attempt ${p.attempt} reported after ${message.attempts}`);
    }
    const { outboxId, attempt, ok, statusCode, error } = p;
    await ctx.tx
      .insert(deliveryAttempts)
      .values({ outboxId, attempt, at: ctx.at, ok, statusCode, error });
    const roundAttempts = attempt - message.roundStart;
    const giveUp = !ok && (roundAttempts >= outboxAttemptsMax || p.nextAttemptAt === null);
    const state = ok ? 'delivered' : giveUp ? 'failed' : 'pending';
    const nextAttemptAt =
      p.nextAttemptAt === null ? message.nextAttemptAt : new Date(p.nextAttemptAt);
    await ctx.tx
      .update(outbox)
      .set({ state, attempts: attempt, nextAttemptAt, updatedAt: ctx.at })
      .where(eq(outbox.id, outboxId));
    if (message.webhookId !== null) {
      await recordWebhookOutcome(ctx, message.webhookId, { ok, statusCode, error });
    }
    ctx.emit(systemEvent(`outbox.${state}`, ['outbox', outboxId], { attempt, statusCode }));
    return { outboxId, state };
  },

  'reminder.sendDue': async (ctx, p) => {
    requireSystem(ctx);
    const which = untoldOpenTasksDue(
      { onOrAfter: null, to: p.dueOnOrBefore, toInclusive: true },
      tasks.remindedDueDate,
    );
    return sendDueReminders(ctx, which, p.limit);
  },

  'cluster.memberUpdate': async (ctx, p) => {
    requireSystem(ctx);
    await ctx.tx
      .insert(clusterMembers)
      .values({ ...p, role: 'voter', updatedAt: ctx.at })
      .onDuplicateKeyUpdate({ set: { peerUrl: p.peerUrl, httpUrl: p.httpUrl, updatedAt: ctx.at } });
    ctx.emit(systemEvent('cluster.memberUpdated', ['node', p.nodeId], p));
    return { nodeId: p.nodeId };
  },

  'cluster.leaderChanged': async (ctx, p) => {
    requireSystem(ctx);
    const [current] = await ctx.tx.select().from(clusterLeader).where(eq(clusterLeader.id, 1));
    if (current && current.term >= p.term) {
      reject('CONFLICT', `a leader for term ${current.term} is already recorded`);
    }
    const row = { nodeId: p.nodeId, term: p.term, since: ctx.at };
    await ctx.tx
      .insert(clusterLeader)
      .values({ id: 1, ...row })
      .onDuplicateKeyUpdate({ set: row });
    ctx.emit(systemEvent('cluster.leaderChanged', ['node', p.nodeId], { term: p.term }));
    return { nodeId: p.nodeId, term: p.term };
  },
};
