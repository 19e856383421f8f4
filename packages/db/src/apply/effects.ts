import { inArray, sql } from 'drizzle-orm';
import type { EventRow } from '../schema/events.ts';
import { notifications } from '../schema/notifications.ts';
import { users } from '../schema/users.ts';
import { outbox } from '../schema/webhooks.ts';
import type { ApplyBatch } from './apply-batch.ts';
import type { ApplyContext } from './apply-context.ts';

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
 * Writes what a successful handler collected: event rows (numbered per project without gaps,
 * handed to `batch` to insert at its end), notifications (ids `<index>-n<k>`), webhook and
 * email outbox rows (ids `<index>-w<k>`, `<index>-e<k>`). Returns the event rows.
 */
export async function writeEffects(ctx: ApplyContext, batch: ApplyBatch): Promise<EventRow[]> {
  const records = await buildEvents(ctx, batch);
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
  await enqueueWebhooks(ctx, batch, records);
  await writeEmails(ctx);
  batch.acceptEvents(records);
  return records;
}
