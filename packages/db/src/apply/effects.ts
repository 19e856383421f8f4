import { eq, inArray, sql } from 'drizzle-orm';
import type { Transaction } from '../client.ts';
import { events } from '../schema/events.ts';
import { notifications } from '../schema/notifications.ts';
import { projects } from '../schema/projects.ts';
import { users } from '../schema/users.ts';
import { outbox, webhooks } from '../schema/webhooks.ts';
import type { ApplyContext, EventDraft } from './apply-context.ts';

/** An `events` row as apply wrote it and as subscribers receive it after commit. */
export type EventRecord = typeof events.$inferSelect;

async function reserveProjectSeqs(tx: Transaction, drafts: readonly EventDraft[]) {
  const counts = new Map<string, number>();
  for (const draft of drafts) {
    if (draft.projectId !== null) {
      counts.set(draft.projectId, (counts.get(draft.projectId) ?? 0) + 1);
    }
  }
  const next = new Map<string, number>();
  for (const [projectId, count] of counts) {
    // LAST_INSERT_ID(expr) hands the new value back in the OK packet: one round trip.
    const [result] = await tx
      .update(projects)
      .set({ lastEventSeq: sql`LAST_INSERT_ID(${projects.lastEventSeq} + ${count})` })
      .where(eq(projects.id, projectId));
    if (result.affectedRows !== 1) throw new Error(`event for missing project ${projectId}`);
    next.set(projectId, Number(result.insertId) - count + 1);
  }
  return next;
}

async function writeEvents(ctx: ApplyContext): Promise<EventRecord[]> {
  const next = await reserveProjectSeqs(ctx.tx, ctx.events);
  const rows = ctx.events.map((draft, ordinal): EventRecord => {
    let projectSeq: number | null = null;
    if (draft.projectId !== null) {
      projectSeq = next.get(draft.projectId) ?? 1;
      next.set(draft.projectId, projectSeq + 1);
    }
    // Round-trip the payload through JSON so what subscribers get now equals what a replay
    // from the table gives later (Dates become ISO strings in both).
    const payload = JSON.parse(JSON.stringify(draft.payload)) as Record<string, unknown>;
    return {
      logIndex: ctx.index,
      ordinal,
      projectSeq,
      actorId: ctx.actor,
      at: ctx.at,
      ...draft,
      payload,
    };
  });
  if (rows.length > 0) await ctx.tx.insert(events).values(rows);
  return rows;
}

function subscribed(eventTypes: readonly string[], kind: string): boolean {
  return eventTypes.includes('*') || eventTypes.includes(kind);
}

/** Outbox rows for every webhook of the event's project that subscribes to its kind. */
async function enqueueWebhooks(ctx: ApplyContext, records: readonly EventRecord[]) {
  const projectIds = [...new Set(records.flatMap((r) => (r.projectId ? [r.projectId] : [])))];
  if (projectIds.length === 0) return;
  const hooks = await ctx.tx
    .select()
    .from(webhooks)
    .where(inArray(webhooks.projectId, projectIds))
    .orderBy(webhooks.id);
  if (hooks.length === 0) return;
  const rows: (typeof outbox.$inferInsert)[] = [];
  for (const record of records) {
    for (const hook of hooks) {
      if (hook.projectId !== record.projectId || !subscribed(hook.eventTypes, record.kind)) {
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

async function writeEmails(ctx: ApplyContext) {
  if (ctx.emails.length === 0) return;
  const userIds = [...new Set(ctx.emails.map((email) => email.userId))];
  const found = await ctx.tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.id, userIds));
  const addresses = new Map(found.map((user) => [user.id, user.email]));
  const rows = ctx.emails.flatMap((draft, ordinal) => {
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
 * Writes what a successful handler collected: event rows (numbered per project without gaps),
 * notifications (ids `<index>-n<k>`), webhook and email outbox rows (ids `<index>-w<k>` and
 * `<index>-e<k>`). Returns the event rows for publishing after commit.
 */
export async function writeEffects(ctx: ApplyContext): Promise<EventRecord[]> {
  const records = await writeEvents(ctx);
  if (ctx.notifications.length > 0) {
    await ctx.tx.insert(notifications).values(
      ctx.notifications.map((draft, ordinal) => ({
        id: `${ctx.index}-n${ordinal}`,
        logIndex: ctx.index,
        createdAt: ctx.at,
        readAt: null,
        ...draft,
      })),
    );
  }
  await enqueueWebhooks(ctx, records);
  await writeEmails(ctx);
  return records;
}
