import { and, count, eq, isNull } from 'drizzle-orm';
import { labels, taskLabels } from '../../schema/labels.ts';
import { roleAtLeast } from '../../schema/projects.ts';
import { shareLinks } from '../../schema/share-links.ts';
import { statuses } from '../../schema/statuses.ts';
import { outbox, webhooks } from '../../schema/webhooks.ts';
import { loadStatus, loadTask, requireRole } from '../access.ts';
import type { ApplyContext } from '../apply-context.ts';
import { defined } from '../defined.ts';
import type { CommandHandlers } from '../handler.ts';
import { reject } from '../outcome.ts';

/** Bound on one project's webhooks (each event is queued once per subscribed hook). */
export const webhooksPerProjectMax = 20;

type BoardCommand =
  | 'status.create'
  | 'status.update'
  | 'status.reorder'
  | 'label.create'
  | 'label.update'
  | 'label.delete'
  | 'shareLink.create'
  | 'shareLink.revoke'
  | 'webhook.create'
  | 'webhook.update'
  | 'webhook.delete'
  | 'webhook.redeliver';

function event(projectId: string, kind: string, entity: [string, string], payload = {}) {
  return { projectId, kind, entityType: entity[0], entityId: entity[1], payload };
}

async function loadStatusById(ctx: ApplyContext, statusId: string) {
  const [status] = await ctx.tx.select().from(statuses).where(eq(statuses.id, statusId));
  return status ?? reject('NOT_FOUND', `status ${statusId} does not exist`);
}

async function loadLabel(ctx: ApplyContext, labelId: string) {
  const [label] = await ctx.tx.select().from(labels).where(eq(labels.id, labelId));
  return label ?? reject('NOT_FOUND', `label ${labelId} does not exist`);
}

/** Rejects NOT_FOUND for a missing or deleted task, INVALID for one of another project. */
async function requireTaskOfProject(ctx: ApplyContext, taskId: string, projectId: string) {
  const task = await loadTask(ctx, taskId);
  if (task.projectId !== projectId) {
    reject('INVALID', `task ${taskId} is not in project ${projectId}`);
  }
}

/**
 * Who may revoke `link`: a project link, admins (as who may create one); a task link, its
 * creator while still a member, or an admin.
 */
async function requireRevoker(ctx: ApplyContext, link: typeof shareLinks.$inferSelect) {
  if (link.taskId === null) {
    await requireRole(ctx, link.projectId, 'admin');
    return;
  }
  const role = await requireRole(ctx, link.projectId, 'member');
  if (link.createdBy !== ctx.actor && !roleAtLeast(role, 'admin')) {
    reject('FORBIDDEN', 'only its creator or an admin revokes a task share link');
  }
}

async function loadWebhook(ctx: ApplyContext, webhookId: string) {
  const [hook] = await ctx.tx.select().from(webhooks).where(eq(webhooks.id, webhookId));
  return hook ?? reject('NOT_FOUND', `webhook ${webhookId} does not exist`);
}

/** The fields `after` changes, with their values before; lists (event kinds) compare by content. */
function changesOf<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const same = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    if (!same(before[key], value)) changes[key] = { from: before[key], to: value };
  }
  return changes;
}

/**
 * A board's columns (admins), labels (members and up), share links (project links admins, task
 * links members and up) and webhooks (admins).
 */
export const boardHandlers: CommandHandlers<BoardCommand> = {
  'status.create': async (ctx, { statusId, ...p }) => {
    await requireRole(ctx, p.projectId, 'admin');
    await ctx.tx
      .insert(statuses)
      .values({ id: statusId, ...p, createdAt: ctx.at, updatedAt: ctx.at });
    ctx.emit(event(p.projectId, 'status.created', ['status', statusId], p));
    return { statusId };
  },

  'status.update': async (ctx, { statusId, ...given }) => {
    const status = await loadStatusById(ctx, statusId);
    await requireRole(ctx, status.projectId, 'admin');
    const fields = defined(given);
    await ctx.tx
      .update(statuses)
      .set({ ...fields, updatedAt: ctx.at })
      .where(eq(statuses.id, statusId));
    const changes = changesOf(status, fields);
    ctx.emit(event(status.projectId, 'status.updated', ['status', statusId], { changes }));
    return { statusId };
  },

  'status.reorder': async (ctx, p) => {
    await requireRole(ctx, p.projectId, 'admin');
    for (const { statusId, position } of p.order) {
      await loadStatus(ctx, p.projectId, statusId);
      await ctx.tx
        .update(statuses)
        .set({ position, updatedAt: ctx.at })
        .where(eq(statuses.id, statusId));
    }
    ctx.emit(event(p.projectId, 'status.reordered', ['project', p.projectId], { order: p.order }));
    return { projectId: p.projectId };
  },

  'label.create': async (ctx, { labelId, ...p }) => {
    await requireRole(ctx, p.projectId, 'member');
    await ctx.tx.insert(labels).values({ id: labelId, ...p, createdAt: ctx.at });
    ctx.emit(event(p.projectId, 'label.created', ['label', labelId], p));
    return { labelId };
  },

  'label.update': async (ctx, { labelId, ...given }) => {
    const label = await loadLabel(ctx, labelId);
    await requireRole(ctx, label.projectId, 'member');
    const fields = defined(given);
    await ctx.tx.update(labels).set(fields).where(eq(labels.id, labelId));
    const changes = changesOf(label, fields);
    ctx.emit(event(label.projectId, 'label.updated', ['label', labelId], { changes }));
    return { labelId };
  },

  'label.delete': async (ctx, { labelId }) => {
    const label = await loadLabel(ctx, labelId);
    await requireRole(ctx, label.projectId, 'member');
    await ctx.tx.delete(taskLabels).where(eq(taskLabels.labelId, labelId));
    await ctx.tx.delete(labels).where(eq(labels.id, labelId));
    ctx.emit(event(label.projectId, 'label.deleted', ['label', labelId], { name: label.name }));
    return { labelId };
  },

  'shareLink.create': async (ctx, p) => {
    await requireRole(ctx, p.projectId, p.taskId === null ? 'admin' : 'member');
    if (p.taskId !== null) await requireTaskOfProject(ctx, p.taskId, p.projectId);
    const expiresAt = p.expiresAt === null ? null : new Date(p.expiresAt);
    await ctx.tx.insert(shareLinks).values({
      id: p.shareLinkId,
      projectId: p.projectId,
      taskId: p.taskId,
      tokenHash: p.tokenHash,
      createdBy: ctx.actor,
      createdAt: ctx.at,
      expiresAt,
    });
    const payload = p.taskId === null ? {} : { taskId: p.taskId };
    ctx.emit(event(p.projectId, 'shareLink.created', ['shareLink', p.shareLinkId], payload));
    return { shareLinkId: p.shareLinkId };
  },

  'shareLink.revoke': async (ctx, { shareLinkId }) => {
    const [link] = await ctx.tx.select().from(shareLinks).where(eq(shareLinks.id, shareLinkId));
    if (!link) return reject('NOT_FOUND', `share link ${shareLinkId} does not exist`);
    await requireRevoker(ctx, link);
    await ctx.tx
      .update(shareLinks)
      .set({ revokedAt: ctx.at })
      .where(and(eq(shareLinks.id, shareLinkId), isNull(shareLinks.revokedAt)));
    const payload = link.taskId === null ? {} : { taskId: link.taskId };
    ctx.emit(event(link.projectId, 'shareLink.revoked', ['shareLink', shareLinkId], payload));
    return { shareLinkId };
  },

  'webhook.create': async (ctx, { webhookId, ...p }) => {
    await requireRole(ctx, p.projectId, 'admin');
    const [existing] = await ctx.tx
      .select({ n: count() })
      .from(webhooks)
      .where(eq(webhooks.projectId, p.projectId));
    if ((existing?.n ?? 0) >= webhooksPerProjectMax) {
      reject('INVALID', `a project has at most ${webhooksPerProjectMax} webhooks`);
    }
    await ctx.tx
      .insert(webhooks)
      .values({ id: webhookId, ...p, createdBy: ctx.actor, createdAt: ctx.at });
    ctx.emit(
      event(p.projectId, 'webhook.created', ['webhook', webhookId], {
        url: p.url,
        eventTypes: p.eventTypes,
      }),
    );
    return { webhookId };
  },

  'webhook.update': async (ctx, { webhookId, secret, ...given }) => {
    const hook = await loadWebhook(ctx, webhookId);
    await requireRole(ctx, hook.projectId, 'admin');
    const fields = defined(given);
    // Enabling again starts a clean record: the streak that disabled it is history.
    const enabling = fields.enabled === true && !hook.enabled;
    await ctx.tx
      .update(webhooks)
      .set({
        ...fields,
        ...(secret === undefined ? {} : { secret }),
        ...(enabling ? { failureStreak: 0, disabledReason: null } : {}),
        ...(fields.enabled === false ? { disabledReason: null } : {}),
        updatedAt: ctx.at,
      })
      .where(eq(webhooks.id, webhookId));
    // The secret never goes into an event: only that it changed.
    const changes = changesOf(hook, fields);
    const payload = secret === undefined ? { changes } : { changes, secretRotated: true };
    ctx.emit(event(hook.projectId, 'webhook.updated', ['webhook', webhookId], payload));
    return { webhookId };
  },

  'webhook.delete': async (ctx, { webhookId }) => {
    const hook = await loadWebhook(ctx, webhookId);
    await requireRole(ctx, hook.projectId, 'admin');
    await ctx.tx
      .update(outbox)
      .set({ state: 'failed', updatedAt: ctx.at })
      .where(and(eq(outbox.webhookId, webhookId), eq(outbox.state, 'pending')));
    await ctx.tx.delete(webhooks).where(eq(webhooks.id, webhookId));
    ctx.emit(event(hook.projectId, 'webhook.deleted', ['webhook', webhookId], { url: hook.url }));
    return { webhookId };
  },

  'webhook.redeliver': async (ctx, { outboxId }) => {
    const [message] = await ctx.tx.select().from(outbox).where(eq(outbox.id, outboxId));
    if (!message?.webhookId) return reject('NOT_FOUND', `delivery ${outboxId} does not exist`);
    const hook = await loadWebhook(ctx, message.webhookId);
    await requireRole(ctx, hook.projectId, 'admin');
    if (message.state === 'pending') reject('CONFLICT', 'the delivery is still being tried');
    // Same delivery id (idempotency key) as before: the receiver decides whether it is new.
    await ctx.tx
      .update(outbox)
      .set({
        state: 'pending',
        roundStart: message.attempts,
        nextAttemptAt: ctx.at,
        updatedAt: ctx.at,
      })
      .where(eq(outbox.id, outboxId));
    ctx.emit(event(hook.projectId, 'webhook.redelivered', ['webhook', hook.id], { outboxId }));
    return { outboxId };
  },
};
