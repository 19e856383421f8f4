import { bigint, index, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn, jsonColumn } from './columns.ts';
import { users } from './users.ts';

/**
 * Something a user should see: a mention, an assignment, a due date. The id is derived from
 * the log index (`<index>-<ordinal>`); `readAt` is null until the user marks it read.
 */
export const notifications = mysqlTable(
  'notifications',
  {
    id: idColumn('id').primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    kind: varchar('kind', { length: 64 }).notNull(),
    projectId: varchar('project_id', { length: 36 }),
    taskId: varchar('task_id', { length: 36 }),
    logIndex: bigint('log_index', { mode: 'number', unsigned: true }).notNull(),
    payload: jsonColumn<Record<string, unknown>>('payload').notNull(),
    createdAt: instantColumn('created_at').notNull(),
    readAt: instantColumn('read_at'),
  },
  (table) => [
    index('notifications_user_idx').on(table.userId, table.logIndex),
    index('notifications_user_unread_idx').on(table.userId, table.readAt),
    // Retention deletes read notifications oldest first (apply/retention.ts).
    index('notifications_read_idx').on(table.readAt),
  ],
);
/** A notification row, as every reader (queries, the API) sees it. */
export type NotificationRow = typeof notifications.$inferSelect;
