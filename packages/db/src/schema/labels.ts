import { index, mysqlTable, primaryKey, unique, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { projects } from './projects.ts';
import { tasks } from './tasks.ts';

/** A project's label. Invariant: names are unique within a project. */
export const labels = mysqlTable(
  'labels',
  {
    id: idColumn('id').primaryKey(),
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    name: varchar('name', { length: 64 }).notNull(),
    color: varchar('color', { length: 16 }).notNull(),
    createdAt: instantColumn('created_at').notNull(),
  },
  (table) => [unique('labels_project_name_unique').on(table.projectId, table.name)],
);

/** A label, as read. */
export type LabelRow = typeof labels.$inferSelect;

/** Which labels a task carries. */
export const taskLabels = mysqlTable(
  'task_labels',
  {
    taskId: idColumn('task_id')
      .notNull()
      .references(() => tasks.id),
    labelId: idColumn('label_id')
      .notNull()
      .references(() => labels.id),
  },
  (table) => [
    primaryKey({ name: 'task_labels_pk', columns: [table.taskId, table.labelId] }),
    index('task_labels_label_idx').on(table.labelId),
  ],
);
