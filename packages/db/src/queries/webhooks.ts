import { and, asc, count, desc, eq, inArray, lte } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import {
  type DeliveryAttemptRow,
  deliveryAttempts,
  type OutboxRow,
  outbox,
  type WebhookRow,
  webhooks,
} from '../schema/webhooks.ts';

/** A project's webhooks, oldest first (apply caps how many a project has). */
export function webhooksOfProject(db: Executor, projectId: string): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(eq(webhooks.projectId, projectId))
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id));
}

/** A webhook by id. */
export async function webhookById(db: Executor, id: string): Promise<WebhookRow | undefined> {
  const [hook] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  return hook;
}

/** The webhooks among `ids` that exist, in no particular order. */
export async function webhooksByIds(db: Executor, ids: readonly string[]): Promise<WebhookRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(webhooks)
    .where(inArray(webhooks.id, [...ids]));
}

/** An outbox message by id. */
export async function outboxById(db: Executor, id: string): Promise<OutboxRow | undefined> {
  const [message] = await db.select().from(outbox).where(eq(outbox.id, id));
  return message;
}

/** How many messages were ever queued for a webhook (its delivery log's length). */
export async function countDeliveries(db: Executor, webhookId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(outbox).where(eq(outbox.webhookId, webhookId));
  return row?.n ?? 0;
}

/** One page of a webhook's delivery log, newest first. */
export function deliveriesOfWebhook(
  db: Executor,
  webhookId: string,
  page: { offset: number; limit: number },
): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.webhookId, webhookId))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** Every attempt at these messages, in attempt order. */
export async function attemptsOf(
  db: Executor,
  outboxIds: readonly string[],
): Promise<DeliveryAttemptRow[]> {
  if (outboxIds.length === 0) return [];
  return db
    .select()
    .from(deliveryAttempts)
    .where(inArray(deliveryAttempts.outboxId, [...outboxIds]))
    .orderBy(asc(deliveryAttempts.outboxId), asc(deliveryAttempts.attempt));
}

/** A webhook message due for an attempt, with where and how to send it now. */
export interface DueWebhookMessage {
  message: OutboxRow;
  url: string;
  secret: string;
}

/**
 * Pending webhook messages of enabled hooks due at `now`, earliest due first, at most `limit`.
 * The hook's current URL and secret are used, so an admin's fix or rotation applies to what
 * is still queued.
 */
export async function dueWebhookMessages(
  db: Executor,
  options: { now: Date; limit: number },
): Promise<DueWebhookMessage[]> {
  const rows = await db
    .select({ message: outbox, url: webhooks.url, secret: webhooks.secret })
    .from(outbox)
    .innerJoin(webhooks, eq(webhooks.id, outbox.webhookId))
    .where(
      and(
        eq(outbox.state, 'pending'),
        lte(outbox.nextAttemptAt, options.now),
        eq(outbox.kind, 'webhook'),
        eq(webhooks.enabled, true),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(options.limit);
  return rows;
}

/** Pending email messages due at `now`, earliest due first, at most `limit`. */
export function dueEmailMessages(
  db: Executor,
  options: { now: Date; limit: number },
): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.state, 'pending'),
        lte(outbox.nextAttemptAt, options.now),
        eq(outbox.kind, 'email'),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(options.limit);
}
