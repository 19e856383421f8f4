import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type NotificationRow, notifications } from '../schema/notifications.ts';

/** Bound on one page of notifications. */
export const notificationsPageMax = 100;

/**
 * A user's notifications, newest first, older than `beforeIndex` when given (the log index
 * cursor of the last row seen), at most `min(limit, notificationsPageMax)`.
 */
export async function notificationsOfUser(
  db: Executor,
  userId: string,
  options: { unreadOnly?: boolean; beforeIndex?: number; limit: number },
): Promise<NotificationRow[]> {
  const unread = options.unreadOnly ? isNull(notifications.readAt) : undefined;
  const before =
    options.beforeIndex === undefined ? undefined : lt(notifications.logIndex, options.beforeIndex);
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), unread, before))
    .orderBy(desc(notifications.logIndex), desc(notifications.id))
    .limit(Math.min(Math.max(options.limit, 1), notificationsPageMax));
}

/** How many unread notifications a user has. */
export async function unreadNotificationCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.value ?? 0;
}
