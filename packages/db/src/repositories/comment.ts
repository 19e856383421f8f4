import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type CommentRow, commentMentions, comments } from '../schema/comments.ts';

/** Bound on one page of comments. */
export const commentsPageMax = 200;

/** The live comment `commentId`, or null. */
export async function findCommentById(db: Executor, commentId: string): Promise<CommentRow | null> {
  const [comment] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), isNull(comments.deletedAt)));
  return comment ?? null;
}

/**
 * A task's live comments, oldest first, after the cursor (createdAt, id), at most
 * `min(limit, commentsPageMax)`.
 */
export async function commentsOfTaskPage(
  db: Executor,
  taskId: string,
  options: { after?: { createdAt: Date; id: string }; limit: number },
): Promise<CommentRow[]> {
  const after = options.after;
  const afterCursor = after
    ? or(
        gt(comments.createdAt, after.createdAt),
        and(eq(comments.createdAt, after.createdAt), gt(comments.id, after.id)),
      )
    : undefined;
  return db
    .select()
    .from(comments)
    .where(and(eq(comments.taskId, taskId), isNull(comments.deletedAt), afterCursor))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(Math.min(Math.max(options.limit, 1), commentsPageMax));
}

/** The user ids a comment mentions, sorted. */
export async function mentionedUserIds(db: Executor, commentId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: commentMentions.userId })
    .from(commentMentions)
    .where(eq(commentMentions.commentId, commentId))
    .orderBy(asc(commentMentions.userId));
  return rows.map((row) => row.userId);
}
