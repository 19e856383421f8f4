import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Transaction } from '../client.ts';
import { events } from '../schema/events.ts';
import { notifications } from '../schema/notifications.ts';
import { deliveryAttempts, outbox } from '../schema/webhooks.ts';

const dayMs = 24 * 60 * 60 * 1_000;

/**
 * How long events are kept, in replicated time: longer than the longest report (366 days), so
 * every report window stays complete. A subscriber resuming from before the oldest kept event
 * is told to RESYNC (live/project-stream.ts).
 */
export const eventsRetainedMs = 400 * dayMs;
/** How long a notification is kept once read, in replicated time; unread ones stay. */
export const readNotificationsRetainedMs = 30 * dayMs;
/**
 * How long a delivered or failed outbox message (and its attempts) is kept after its last
 * change, for the delivery log and redelivery.
 */
export const finishedOutboxRetainedMs = 30 * dayMs;
/**
 * A message still pending this long after it was last due is given up on (failed): email
 * queued while no SMTP relay was configured, or a paused webhook's backlog.
 */
export const pendingOutboxExpiresMs = 14 * dayMs;
/** Apply deletes what expired at the command entries whose index is a multiple of this. */
export const retentionEveryEntries = 1_024;
/** Bound on the rows of each table one pass deletes; the next pass continues. */
export const retentionRowsMax = 10_000;

/** True at the log indexes where apply runs `pruneExpired` (when the entry is a command). */
export function isRetentionIndex(index: number): boolean {
  return index % retentionEveryEntries === 0;
}

/**
 * Deletes, at every `retentionEveryEntries`-th log index that carries a command, the events
 * older than `eventsRetainedMs`, the notifications read longer ago than
 * `readNotificationsRetainedMs` and the outbox messages `pruneOutbox` lets go, measured back from that command's time (the proposer's clock,
 * replicated with the entry). At most `retentionRowsMax` rows of each, oldest first with the
 * primary key breaking ties, so every node, whatever its batches, deletes the same rows at the
 * same entry (the caller writes its batch's deferred events first). Returns how many rows went.
 */
export async function pruneExpired(tx: Transaction, at: Date): Promise<number> {
  const [expiredEvents] = await tx
    .delete(events)
    .where(lt(events.at, new Date(at.getTime() - eventsRetainedMs)))
    .orderBy(asc(events.at), asc(events.logIndex), asc(events.ordinal))
    .limit(retentionRowsMax);
  const [readNotifications] = await tx
    .delete(notifications)
    .where(lt(notifications.readAt, new Date(at.getTime() - readNotificationsRetainedMs)))
    .orderBy(asc(notifications.readAt), asc(notifications.id))
    .limit(retentionRowsMax);
  return expiredEvents.affectedRows + readNotifications.affectedRows + (await pruneOutbox(tx, at));
}

/**
 * Gives up on outbox messages pending for `pendingOutboxExpiresMs` past their due time, and
 * deletes messages finished longer than `finishedOutboxRetainedMs` ago with their attempts;
 * at most `retentionRowsMax` of each, oldest first, ties by id.
 */
async function pruneOutbox(tx: Transaction, at: Date): Promise<number> {
  const [expired] = await tx
    .update(outbox)
    .set({ state: 'failed', updatedAt: at })
    .where(
      and(
        eq(outbox.state, 'pending'),
        lt(outbox.nextAttemptAt, new Date(at.getTime() - pendingOutboxExpiresMs)),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(retentionRowsMax);
  let deleted = 0;
  const before = new Date(at.getTime() - finishedOutboxRetainedMs);
  for (const state of ['delivered', 'failed'] as const) {
    const finished = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.state, state), lt(outbox.updatedAt, before)))
      .orderBy(asc(outbox.updatedAt), asc(outbox.id))
      .limit(retentionRowsMax);
    if (finished.length === 0) continue;
    const ids = finished.map((row) => row.id);
    await tx.delete(deliveryAttempts).where(inArray(deliveryAttempts.outboxId, ids));
    const [gone] = await tx.delete(outbox).where(inArray(outbox.id, ids));
    deleted += gone.affectedRows;
  }
  return expired.affectedRows + deleted;
}
