import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type AttachmentRow, attachmentContents, attachments } from '../schema/attachments.ts';

/** Bound on the attachments listed for one task. */
export const attachmentsListedMax = 200;

/** A task's live attachments, oldest first (at most `attachmentsListedMax`). */
export async function attachmentsOfTask(db: Executor, taskId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.taskId, taskId), isNull(attachments.deletedAt)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id))
    .limit(attachmentsListedMax);
}

/** Live attachments by id (any order; missing and deleted ones are left out). */
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

/** The bytes stored under `sha256`, or null. */
export async function attachmentContent(db: Executor, sha256: string): Promise<Buffer | null> {
  const [row] = await db
    .select({ content: attachmentContents.content })
    .from(attachmentContents)
    .where(eq(attachmentContents.sha256, sha256));
  return row?.content ?? null;
}
