import { index, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { projects } from './projects.ts';
import { users } from './users.ts';

/**
 * A secret iCal feed URL of due dates, stored by token hash (never the token): a project's tasks
 * when `projectId` is set (for its members), else the tasks assigned to `userId` across their
 * projects. It stops working when revoked, or when its owner can no longer read the project.
 */
export const calendarFeeds = mysqlTable(
  'calendar_feeds',
  {
    id: idColumn('id').primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    projectId: idColumn('project_id').references(() => projects.id),
    tokenHash: varchar('token_hash', { length: 128 })
      .notNull()
      .unique('calendar_feeds_token_unique'),
    createdAt: instantColumn('created_at').notNull(),
    revokedAt: instantColumn('revoked_at'),
  },
  (table) => [index('calendar_feeds_user_idx').on(table.userId)],
);

/** A calendar feed, as read. */
export type CalendarFeedRow = typeof calendarFeeds.$inferSelect;
