import { bigint, index, mysqlTable, primaryKey, text, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { users } from './users.ts';

/** A board. `lastEventSeq` is the sequence number of its newest event (0 before any). */
export const projects = mysqlTable('projects', {
  id: idColumn('id').primaryKey(),
  name: varchar('name', { length: 128 }).notNull(),
  description: text('description').notNull(),
  createdBy: idColumn('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: instantColumn('created_at').notNull(),
  updatedAt: instantColumn('updated_at').notNull(),
  archivedAt: instantColumn('archived_at'),
  lastEventSeq: bigint('last_event_seq', { mode: 'number', unsigned: true }).notNull().default(0),
});

/** A project, as read. */
export type ProjectRow = typeof projects.$inferSelect;

/** Roles from least to most powerful; a role can do everything the roles before it can. */
export const projectRoles = ['viewer', 'member', 'admin', 'owner'] as const;
/** A member's role in a project. */
export type ProjectRole = (typeof projectRoles)[number];

/** True when `role` can do what `minimum` can (its place in `projectRoles` is not lower). */
export function roleAtLeast(role: ProjectRole, minimum: ProjectRole): boolean {
  return projectRoles.indexOf(role) >= projectRoles.indexOf(minimum);
}

/** Who belongs to a project, with which role. Invariant: every project keeps one owner. */
export const projectMembers = mysqlTable(
  'project_members',
  {
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    role: varchar('role', { length: 16, enum: projectRoles }).notNull(),
    addedBy: idColumn('added_by').notNull(),
    addedAt: instantColumn('added_at').notNull(),
  },
  (table) => [
    primaryKey({ name: 'project_members_pk', columns: [table.projectId, table.userId] }),
    index('project_members_user_idx').on(table.userId),
  ],
);
