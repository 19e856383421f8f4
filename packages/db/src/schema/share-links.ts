import { index, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { projects } from './projects.ts';
import { tasks } from './tasks.ts';

/**
 * Read-only links for people without an account, stored by token hash (never the token). A link
 * with `taskId` shows that one task; without, it is a project link.
 * Invariant: a task link's task belongs to `projectId` (apply checks it when creating one).
 */
export const shareLinks = mysqlTable(
  'share_links',
  {
    id: idColumn('id').primaryKey(),
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    taskId: idColumn('task_id').references(() => tasks.id),
    tokenHash: varchar('token_hash', { length: 128 }).notNull().unique('share_links_token_unique'),
    createdBy: idColumn('created_by').notNull(),
    createdAt: instantColumn('created_at').notNull(),
    expiresAt: instantColumn('expires_at'),
    revokedAt: instantColumn('revoked_at'),
  },
  (table) => [
    index('share_links_project_idx').on(table.projectId),
    index('share_links_task_idx').on(table.taskId),
  ],
);

/** A share link, as read. */
export type ShareLinkRow = typeof shareLinks.$inferSelect;
