import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EventRow } from '../schema/events.ts';
import { notificationPreferences } from '../schema/follows.ts';
import { notifications } from '../schema/notifications.ts';
import { users } from '../schema/users.ts';
import { outbox } from '../schema/webhooks.ts';
import type { ApplyBatch } from './apply-batch.ts';
import type { ApplyContext, EmailDraft } from './apply-context.ts';
import { followAndNotify } from './follows.ts';
import { isNotificationKind, notificationKinds } from './notification-kinds.ts';

/** The id of the `ordinal`th notification written by the entry at `index`. */
function notificationIdOf(index: number, ordinal: number): string {
  return `${index}-n${ordinal}`;
}

async function buildEvents(ctx: ApplyContext, batch: ApplyBatch): Promise<EventRow[]> {
  await batch.loadProjects(ctx.events.flatMap((draft) => draft.projectId ?? []));
  const next = new Map<string, number>();
  const rows: EventRow[] = [];
  for (const [ordinal, draft] of ctx.events.entries()) {
    let projectSeq: number | null = null;
    if (draft.projectId !== null) {
      projectSeq = (next.get(draft.projectId) ?? batch.lastSeq(draft.projectId)) + 1;
      next.set(draft.projectId, projectSeq);
    }
    // Round-trip the payload through JSON so what subscribers get now equals what a replay
    // from the table gives later (Dates become ISO strings in both).
    const payload = JSON.parse(JSON.stringify(draft.payload)) as Record<string, unknown>;
    const common = { logIndex: ctx.index, ordinal, projectSeq, actorId: ctx.actor, at: ctx.at };
    rows.push({ ...common, ...draft, payload });
  }
  return rows;
}

function subscribed(eventTypes: readonly string[], kind: string): boolean {
  return eventTypes.includes('*') || eventTypes.includes(kind);
}

/**
 * Outbox rows for every enabled webhook of the event's project that subscribes to its kind (the
 * projects' webhooks were loaded with their event sequences by `buildEvents`).
 */
async function enqueueWebhooks(ctx: ApplyContext, batch: ApplyBatch, records: readonly EventRow[]) {
  const projectIds = [...new Set(records.flatMap((r) => (r.projectId ? [r.projectId] : [])))];
  if (projectIds.length === 0) return;
  const hooks = batch.webhooksOf(projectIds);
  if (hooks.length === 0) return;
  const rows: (typeof outbox.$inferInsert)[] = [];
  for (const record of records) {
    for (const hook of hooks) {
      if (
        !hook.enabled ||
        hook.projectId !== record.projectId ||
        !subscribed(hook.eventTypes, record.kind)
      ) {
        continue;
      }
      rows.push({
        id: `${ctx.index}-w${rows.length}`,
        kind: 'webhook',
        webhookId: hook.id,
        recipient: hook.url,
        idempotencyKey: `${hook.id}:${record.logIndex}:${record.ordinal}`,
        payload: { event: { ...record, at: record.at.toISOString() } },
        state: 'pending',
        attempts: 0,
        nextAttemptAt: ctx.at,
        createdAt: ctx.at,
        updatedAt: ctx.at,
      });
    }
  }
  if (rows.length > 0) await ctx.tx.insert(outbox).values(rows);
}

/**
 * The emails this command's notifications send: those whose kind the person wants by email
 * (their choice, else the kind's default), unless they take a daily digest instead. The key is
 * the notification's id, so a retried delivery is one email.
 */
async function emailsOfNotifications(ctx: ApplyContext): Promise<EmailDraft[]> {
  if (ctx.notifications.length === 0) return [];
  const userIds = [...new Set(ctx.notifications.map((draft) => draft.userId))];
  const chosen = await ctx.tx
    .select()
    .from(notificationPreferences)
    .where(inArray(notificationPreferences.userId, userIds));
  const choice = new Map(chosen.map((row) => [`${row.userId} ${row.kind}`, row.email]));
  const digest = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), eq(users.emailDigest, true)));
  const digestUsers = new Set(digest.map((row) => row.id));
  return ctx.notifications.flatMap((draft, ordinal) => {
    const byDefault =
      isNotificationKind(draft.kind) && notificationKinds[draft.kind].emailByDefault;
    const wanted = choice.get(`${draft.userId} ${draft.kind}`) ?? byDefault;
    if (!wanted || digestUsers.has(draft.userId)) return [];
    const notificationId = notificationIdOf(ctx.index, ordinal);
    return [
      {
        userId: draft.userId,
        idempotencyKey: `notification:${notificationId}`,
        payload: {
          ...draft.payload,
          template: draft.kind,
          notificationId,
          projectId: draft.projectId,
          taskId: draft.taskId,
        },
      },
    ];
  });
}

async function writeEmails(ctx: ApplyContext, drafts: readonly EmailDraft[]) {
  if (drafts.length === 0) return;
  const userIds = [...new Set(drafts.map((email) => email.userId))];
  const found = await ctx.tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.id, userIds));
  const addresses = new Map(found.map((user) => [user.id, user.email]));
  const rows = drafts.flatMap((draft, ordinal) => {
    const recipient = addresses.get(draft.userId);
    if (recipient === undefined) return [];
    return [
      {
        id: `${ctx.index}-e${ordinal}`,
        kind: 'email' as const,
        webhookId: null,
        recipient,
        idempotencyKey: draft.idempotencyKey,
        payload: draft.payload,
        state: 'pending' as const,
        attempts: 0,
        nextAttemptAt: ctx.at,
        createdAt: ctx.at,
        updatedAt: ctx.at,
      },
    ];
  });
  if (rows.length > 0)
    await ctx.tx
      .insert(outbox)
      .values(rows)
      .onDuplicateKeyUpdate({
        set: { idempotencyKey: sql`${outbox.idempotencyKey}` },
      });
}

/**
 * Writes what a successful handler collected: event rows (numbered per project without gaps,
 * handed to `batch` to insert at its end), notifications (ids `<index>-n<k>`), webhook and
 * email outbox rows (ids `<index>-w<k>`, `<index>-e<k>`). Returns the event rows.
 */
export async function writeEffects(ctx: ApplyContext, batch: ApplyBatch): Promise<EventRow[]> {
  await followAndNotify(ctx);
  const records = await buildEvents(ctx, batch);
  if (ctx.notifications.length > 0) {
    await ctx.tx.insert(notifications).values(
      ctx.notifications.map((draft, ordinal) => ({
        id: notificationIdOf(ctx.index, ordinal),
        logIndex: ctx.index,
        createdAt: ctx.at,
        readAt: null,
        ...draft,
      })),
    );
  }
  await enqueueWebhooks(ctx, batch, records);
  await writeEmails(ctx, [...ctx.emails, ...(await emailsOfNotifications(ctx))]);
  batch.acceptEvents(records);
  return records;
}
