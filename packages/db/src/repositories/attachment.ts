import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { attachmentContents, attachments } from '../schema/attachments.ts';

/** Attachment metadata. */
export type Attachment = typeof attachments.$inferSelect;

/** Bound on the attachments listed for one task. */
export const attachmentsListedMax = 200;

/** The live attachment `attachmentId`, or null. */
export async function findAttachmentById(db: Executor, attachmentId: string) {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), isNull(attachments.deletedAt)));
  return row ?? null;
}

/** A task's live attachments, oldest first (at most `attachmentsListedMax`). */
export async function attachmentsOfTask(db: Executor, taskId: string): Promise<Attachment[]> {
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
): Promise<Attachment[]> {
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
