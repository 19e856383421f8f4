import { boolean, index, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { tasks } from './tasks.ts';
import { users } from './users.ts';

/**
 * Who follows which task: they hear of its comments and status changes. Assignees and
 * commenters follow automatically; anyone who can read the task may follow or unfollow it.
 */
export const taskFollowers = mysqlTable(
  'task_followers',
  {
    taskId: idColumn('task_id')
      .notNull()
      .references(() => tasks.id),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: instantColumn('created_at').notNull(),
  },
  (table) => [
    primaryKey({ name: 'task_followers_pk', columns: [table.taskId, table.userId] }),
    index('task_followers_user_idx').on(table.userId),
  ],
);

/**
 * Whether a notification kind also sends an email, per user. A kind without a row uses its
 * default (notification-kinds.ts).
 */
export const notificationPreferences = mysqlTable(
  'notification_preferences',
  {
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    kind: varchar('kind', { length: 64 }).notNull(),
    email: boolean('email').notNull(),
  },
  (table) => [
    primaryKey({ name: 'notification_preferences_pk', columns: [table.userId, table.kind] }),
  ],
);
