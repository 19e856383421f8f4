import { and, asc, count, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type CommentRow, comments } from '../schema/comments.ts';
import { type EventRow, events } from '../schema/events.ts';
import { type NotificationRow, notifications } from '../schema/notifications.ts';

/**
 * Bound on the events (and notifications) one read returns, whatever limit the caller asks
 * for: every events page of the API goes through it. A reader catching up pages through.
 */
export const eventsPageMax = 500;

/** Events of a project after log index `afterIndex`, in (index, ordinal) order, one page. */
export async function projectEventsAfter(
  db: Executor,
  projectId: string,
  position: { afterIndex: number; afterOrdinal?: number },
  limit: number,
): Promise<EventRow[]> {
  const ordinal = position.afterOrdinal ?? Number.MAX_SAFE_INTEGER;
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.projectId, projectId),
        or(
          gt(events.logIndex, position.afterIndex),
          and(eq(events.logIndex, position.afterIndex), gt(events.ordinal, ordinal)),
        ),
      ),
    )
    .orderBy(asc(events.logIndex), asc(events.ordinal))
    .limit(Math.min(limit, eventsPageMax));
}

/** The newest project sequence number at or before log index `atIndex` (0 if none). */
export async function projectSeqAt(db: Executor, projectId: string, atIndex: number) {
  const [row] = await db
    .select({ seq: sql<number | null>`MAX(${events.projectSeq})` })
    .from(events)
    .where(and(eq(events.projectId, projectId), sql`${events.logIndex} <= ${atIndex}`));
  return Number(row?.seq ?? 0);
}

/** How many events a project has after `afterIndex`. */
export async function countProjectEvents(db: Executor, projectId: string, afterIndex: number) {
  const [row] = await db
    .select({ n: count() })
    .from(events)
    .where(and(eq(events.projectId, projectId), gt(events.logIndex, afterIndex)));
  return Number(row?.n ?? 0);
}

/** One page of a project's events after `afterIndex`, oldest first. */
export async function listProjectEvents(
  db: Executor,
  projectId: string,
  page: { afterIndex: number; offset: number; limit: number },
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), gt(events.logIndex, page.afterIndex)))
    .orderBy(asc(events.logIndex), asc(events.ordinal))
    .limit(Math.min(page.limit, eventsPageMax))
    .offset(page.offset);
}

function taskEventsWhere(taskId: string) {
  return or(
    and(eq(events.entityType, 'task'), eq(events.entityId, taskId)),
    sql`JSON_UNQUOTE(JSON_EXTRACT(${events.payload}, '$.taskId')) = ${taskId}`,
  );
}

/** Events about a task (its own and its comments' and attachments'), oldest first, one page. */
export async function listTaskEvents(
  db: Executor,
  projectId: string,
  taskId: string,
  page: { offset: number; limit: number },
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), taskEventsWhere(taskId)))
    .orderBy(asc(events.logIndex), asc(events.ordinal))
    .limit(Math.min(page.limit, eventsPageMax))
    .offset(page.offset);
}

/** How many events are about a task. */
export async function countTaskEvents(db: Executor, projectId: string, taskId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(events)
    .where(and(eq(events.projectId, projectId), taskEventsWhere(taskId)));
  return Number(row?.n ?? 0);
}

/** Live comments of a task, oldest first, one page. */
export async function listComments(
  db: Executor,
  taskId: string,
  page: { offset: number; limit: number },
): Promise<CommentRow[]> {
  return db
    .select()
    .from(comments)
    .where(and(eq(comments.taskId, taskId), isNull(comments.deletedAt)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** How many live comments a task has. */
export async function countComments(db: Executor, taskId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(comments)
    .where(and(eq(comments.taskId, taskId), isNull(comments.deletedAt)));
  return Number(row?.n ?? 0);
}

/** Live comments by id. */
export async function commentsByIds(db: Executor, ids: readonly string[]): Promise<CommentRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(comments)
    .where(and(inArray(comments.id, [...ids]), isNull(comments.deletedAt)));
}

function notificationsWhere(userId: string, unreadOnly: boolean) {
  return and(
    eq(notifications.userId, userId),
    unreadOnly ? isNull(notifications.readAt) : undefined,
  );
}

/** A user's notifications, newest first, one page. */
export async function listNotifications(
  db: Executor,
  userId: string,
  page: { unreadOnly: boolean; offset: number; limit: number },
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(notificationsWhere(userId, page.unreadOnly))
    .orderBy(sql`${notifications.logIndex} DESC`, sql`${notifications.id} DESC`)
    .limit(page.limit)
    .offset(page.offset);
}

/** How many notifications a user has (unread ones only, if asked). */
export async function countNotifications(db: Executor, userId: string, unreadOnly: boolean) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(notificationsWhere(userId, unreadOnly));
  return Number(row?.n ?? 0);
}

/** A user's notifications created after log index `afterIndex`, oldest first (bounded). */
export async function notificationsAfter(db: Executor, userId: string, afterIndex: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), gt(notifications.logIndex, afterIndex)))
    .orderBy(asc(notifications.logIndex), asc(notifications.id))
    .limit(eventsPageMax);
}

/** Notifications by id. */
export async function notificationsByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(notifications)
    .where(inArray(notifications.id, [...ids]));
}

/** A project's newest event, or undefined before any. */
export async function latestProjectEvent(db: Executor, projectId: string) {
  const [row] = await db
    .select()
    .from(events)
    .where(eq(events.projectId, projectId))
    .orderBy(sql`${events.logIndex} DESC`, sql`${events.ordinal} DESC`)
    .limit(1);
  return row;
}
