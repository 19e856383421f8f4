import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { notificationPreferences, taskFollowers } from '../schema/follows.ts';

/** Which of these tasks `userId` follows. */
export async function followedAmong(
  db: Executor,
  userId: string,
  taskIds: readonly string[],
): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const rows = await db
    .select({ taskId: taskFollowers.taskId })
    .from(taskFollowers)
    .where(and(eq(taskFollowers.userId, userId), inArray(taskFollowers.taskId, [...taskIds])));
  return new Set(rows.map((row) => row.taskId));
}

/** The kinds `userId` chose email for or against, by kind. */
export async function emailChoicesOf(db: Executor, userId: string): Promise<Map<string, boolean>> {
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  return new Map(rows.map((row) => [row.kind, row.email]));
}
