import {
  type AnyMySqlColumn,
  date,
  index,
  int,
  mediumtext,
  mysqlTable,
  primaryKey,
  varchar,
} from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { projects } from './projects.ts';
import { priorities, statuses } from './statuses.ts';
import { users } from './users.ts';

/**
 * A card on a board. `version` starts at 1 and grows by one with every change, so a client can
 * update with an expected version (compare-and-set). `position` orders the cards of a column
 * like `statuses.position`. Deleted tasks keep their row with `deletedAt` set, so events and
 * history still resolve. Dates (`dueDate`, `startDate`) are calendar days, 'YYYY-MM-DD'.
 */
export const tasks = mysqlTable(
  'tasks',
  {
    id: idColumn('id').primaryKey(),
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    statusId: idColumn('status_id')
      .notNull()
      .references(() => statuses.id),
    priorityId: varchar('priority_id', { length: 16 })
      .notNull()
      .default('none')
      .references(() => priorities.id),
    parentId: idColumn('parent_id').references((): AnyMySqlColumn => tasks.id),
    title: varchar('title', { length: 255 }).notNull(),
    description: mediumtext('description').notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    startDate: date('start_date', { mode: 'string' }),
    position: varchar('position', { length: 64 }).notNull(),
    version: int('version', { unsigned: true }).notNull(),
    createdBy: idColumn('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instantColumn('created_at').notNull(),
    updatedAt: instantColumn('updated_at').notNull(),
    startedAt: instantColumn('started_at'),
    completedAt: instantColumn('completed_at'),
    deletedAt: instantColumn('deleted_at'),
    /** The due date a reminder was last sent for, so each due date is reminded once. */
    remindedDueDate: date('reminded_due_date', { mode: 'string' }),
    /** The due date its assignees were last told it is overdue for, so each is told once. */
    overdueNotifiedDate: date('overdue_notified_date', { mode: 'string' }),
  },
  // Every listing order reads along one of these (InnoDB appends the id to each, which breaks
  // ties): see queries/task-pages.ts. `tasks_text_idx`, FULLTEXT (title, description), is in
  // migration 0005 because Drizzle cannot declare a FULLTEXT index.
  (table) => [
    index('tasks_board_idx').on(table.projectId, table.statusId, table.position),
    index('tasks_project_updated_idx').on(table.projectId, table.updatedAt),
    index('tasks_project_created_idx').on(table.projectId, table.createdAt),
    index('tasks_project_priority_idx').on(table.projectId, table.priorityId),
    index('tasks_project_due_idx').on(table.projectId, table.dueDate),
    index('tasks_due_idx').on(table.dueDate),
    index('tasks_parent_idx').on(table.parentId),
  ],
);
/** A task row, as every reader (apply, queries, the API) sees it. */
export type TaskRow = typeof tasks.$inferSelect;

/** Who a task is assigned to; a task may have many assignees. */
export const taskAssignees = mysqlTable(
  'task_assignees',
  {
    taskId: idColumn('task_id')
      .notNull()
      .references(() => tasks.id),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    assignedBy: idColumn('assigned_by').notNull(),
    assignedAt: instantColumn('assigned_at').notNull(),
  },
  (table) => [
    primaryKey({ name: 'task_assignees_pk', columns: [table.taskId, table.userId] }),
    index('task_assignees_user_idx').on(table.userId),
  ],
);

/** Kinds of links between tasks. `blocks` and `duplicates` are directed; `relates` is not. */
export const taskRelationTypes = ['blocks', 'relates', 'duplicates'] as const;
/** One of `taskRelationTypes`. */
export type TaskRelationType = (typeof taskRelationTypes)[number];

/**
 * A link from `taskId` to `relatedTaskId` ("A blocks B"). Invariant: the two differ, and a
 * `relates` link is stored once, from the smaller id to the larger.
 */
export const taskRelations = mysqlTable(
  'task_relations',
  {
    taskId: idColumn('task_id')
      .notNull()
      .references(() => tasks.id),
    relatedTaskId: idColumn('related_task_id')
      .notNull()
      .references(() => tasks.id),
    type: varchar('type', { length: 16, enum: taskRelationTypes }).notNull(),
    createdBy: idColumn('created_by').notNull(),
    createdAt: instantColumn('created_at').notNull(),
  },
  (table) => [
    primaryKey({
      name: 'task_relations_pk',
      columns: [table.taskId, table.relatedTaskId, table.type],
    }),
    index('task_relations_related_idx').on(table.relatedTaskId),
  ],
);

/** A link between two tasks, as read. */
export type RelationRow = typeof taskRelations.$inferSelect;
