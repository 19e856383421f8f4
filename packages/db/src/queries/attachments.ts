import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { attachmentContents, attachments } from '../schema/attachments.ts';

/** An attachment's metadata row. */
export type AttachmentRow = typeof attachments.$inferSelect;

/** Bound on the attachments listed for one task. */
export const attachmentsListedMax = 200;

/** A task's live attachments, oldest first. */
export async function attachmentsOfTask(db: Executor, taskId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.taskId, taskId), isNull(attachments.deletedAt)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id))
    .limit(attachmentsListedMax);
}

/** Live attachments by id. */
export async function attachmentsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(attachments)
    .where(and(inArray(attachments.id, [...ids]), isNull(attachments.deletedAt)));
}

/** The bytes stored under a SHA-256, or undefined. */
export async function attachmentContent(db: Executor, sha256: string): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ content: attachmentContents.content })
    .from(attachmentContents)
    .where(eq(attachmentContents.sha256, sha256));
  return row?.content;
}
