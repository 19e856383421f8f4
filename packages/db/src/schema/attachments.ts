import { char, index, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { blobColumn, idColumn, instantColumn } from './columns.ts';
import { projects } from './projects.ts';
import { tasks } from './tasks.ts';

/** The largest attachment apply accepts; the content travels inside a Raft entry. */
export const attachmentSizeMaxBytes = 1024 * 1024;

/** File contents by SHA-256, shared by every attachment with the same bytes. */
export const attachmentContents = mysqlTable('attachment_contents', {
  sha256: char('sha256', { length: 64 }).primaryKey(),
  sizeBytes: int('size_bytes', { unsigned: true }).notNull(),
  content: blobColumn('content').notNull(),
  createdAt: instantColumn('created_at').notNull(),
});

/** A file attached to a task: metadata here, bytes in `attachment_contents`. */
export const attachments = mysqlTable(
  'attachments',
  {
    id: idColumn('id').primaryKey(),
    taskId: idColumn('task_id')
      .notNull()
      .references(() => tasks.id),
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    fileName: varchar('file_name', { length: 255 }).notNull(),
    contentType: varchar('content_type', { length: 127 }).notNull(),
    sizeBytes: int('size_bytes', { unsigned: true }).notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    uploadedBy: idColumn('uploaded_by').notNull(),
    createdAt: instantColumn('created_at').notNull(),
    deletedAt: instantColumn('deleted_at'),
  },
  (table) => [
    index('attachments_task_idx').on(table.taskId),
    index('attachments_sha256_idx').on(table.sha256),
  ],
);

/** An attachment's metadata, as read. */
export type AttachmentRow = typeof attachments.$inferSelect;
