import { index, int, mysqlTable, unique, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { projects } from './projects.ts';

/** What a status means for reports and for started/completed timestamps. */
export const statusCategories = [
  'backlog',
  'unstarted',
  'started',
  'completed',
  'canceled',
] as const;
/** One of `statusCategories`. */
export type StatusCategory = (typeof statusCategories)[number];

/**
 * A column of a project's board ("To Do", "In Progress", "Completed"...). `position` is a
 * fractional-index key (`[0-9a-z]+`) decided by the proposer; columns sort by (position, id).
 */
export const statuses = mysqlTable(
  'statuses',
  {
    id: idColumn('id').primaryKey(),
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    name: varchar('name', { length: 64 }).notNull(),
    category: varchar('category', { length: 16, enum: statusCategories }).notNull(),
    position: varchar('position', { length: 64 }).notNull(),
    createdAt: instantColumn('created_at').notNull(),
    updatedAt: instantColumn('updated_at').notNull(),
  },
  (table) => [
    unique('statuses_project_name_unique').on(table.projectId, table.name),
    index('statuses_project_position_idx').on(table.projectId, table.position),
  ],
);

/** A board column, as read. */
export type StatusRow = typeof statuses.$inferSelect;

/** Task priority ids, from least to most urgent. */
export const priorityIds = ['none', 'low', 'medium', 'high', 'urgent'] as const;
/** One of `priorityIds`. */
export type PriorityId = (typeof priorityIds)[number];

/** Reference rows for priorities, seeded by a migration; `rank` orders them (0 = none). */
export const priorities = mysqlTable('priorities', {
  id: varchar('id', { length: 16, enum: priorityIds }).primaryKey(),
  name: varchar('name', { length: 32 }).notNull(),
  rank: int('rank').notNull(),
});
