import { and, asc, eq, lte } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { outbox, webhooks } from '../schema/webhooks.ts';

/** An outbox message. */
export type OutboxMessage = typeof outbox.$inferSelect;

/** Bound on the messages the leader picks up per delivery round. */
export const outboxBatchMax = 100;

/**
 * Pending messages due at `now` (next attempt at or before it), oldest due first, at most
 * `min(limit, outboxBatchMax)`. Only the leader delivers them, then proposes
 * `outbox.recordDelivery` with the result.
 */
export async function dueOutboxMessages(
  db: Executor,
  now: Date,
  limit: number = outboxBatchMax,
): Promise<OutboxMessage[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.state, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(Math.min(Math.max(limit, 1), outboxBatchMax));
}

/** The webhook `webhookId` (with its signing secret), or null. */
export async function findWebhookById(db: Executor, webhookId: string) {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, webhookId));
  return row ?? null;
}

/** A project's webhooks, by id. */
export async function webhooksOfProject(db: Executor, projectId: string) {
  return db
    .select()
    .from(webhooks)
    .where(eq(webhooks.projectId, projectId))
    .orderBy(asc(webhooks.id))
    .limit(outboxBatchMax);
}
