import { asc, lt } from 'drizzle-orm';
import type { Transaction } from '../client.ts';
import { events } from '../schema/events.ts';
import { notifications } from '../schema/notifications.ts';

const dayMs = 24 * 60 * 60 * 1_000;

/**
 * How long events are kept, in replicated time: longer than the longest report (366 days), so
 * every report window stays complete. A subscriber resuming from before the oldest kept event
 * is told to RESYNC (live/project-stream.ts).
 */
export const eventsRetainedMs = 400 * dayMs;
/** How long a notification is kept once read, in replicated time; unread ones stay. */
export const readNotificationsRetainedMs = 30 * dayMs;
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
 * older than `eventsRetainedMs` and the notifications read longer ago than
 * `readNotificationsRetainedMs`, measured back from that command's time (the proposer's clock,
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
  return expiredEvents.affectedRows + readNotifications.affectedRows;
}
