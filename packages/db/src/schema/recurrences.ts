import { index, int, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { projects } from './projects.ts';
import { tasks } from './tasks.ts';

/**
 * A recurring task: every occurrence of `rule` (an RFC 5545 RRULE, e.g. `FREQ=WEEKLY;BYDAY=MO`)
 * from `startsAt` on makes a copy of the template task, due that day. `nextAt` is the next
 * occurrence not made yet (null once the rule has no more). Occurrences are made by apply, from
 * the time a leader's `schedule.tick` carries, so every node makes the same ones.
 */
export const recurrences = mysqlTable(
  'recurrences',
  {
    id: idColumn('id').primaryKey(),
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    templateTaskId: idColumn('template_task_id')
      .notNull()
      .references(() => tasks.id)
      .unique('recurrences_template_unique'),
    rule: varchar('rule', { length: 512 }).notNull(),
    startsAt: instantColumn('starts_at').notNull(),
    nextAt: instantColumn('next_at'),
    /** How many occurrences were made so far. */
    made: int('made', { unsigned: true }).notNull().default(0),
    createdBy: idColumn('created_by').notNull(),
    createdAt: instantColumn('created_at').notNull(),
  },
  (table) => [index('recurrences_next_idx').on(table.nextAt)],
);

/** A recurrence, as read. */
export type RecurrenceRow = typeof recurrences.$inferSelect;

/**
 * Which task each occurrence became. The primary key is the guarantee that an occurrence is made
 * once, whatever leader's tick reaches it and however often.
 */
export const occurrences = mysqlTable(
  'occurrences',
  {
    recurrenceId: idColumn('recurrence_id')
      .notNull()
      .references(() => recurrences.id),
    occursAt: instantColumn('occurs_at').notNull(),
    taskId: idColumn('task_id')
      .notNull()
      .references(() => tasks.id),
  },
  (table) => [
    primaryKey({ name: 'occurrences_pk', columns: [table.recurrenceId, table.occursAt] }),
    index('occurrences_task_idx').on(table.taskId),
  ],
);

/** The replicated clock of scheduled work: the latest time a tick carried (one row, id 1). */
export const scheduleClock = mysqlTable('schedule_clock', {
  id: int('id').primaryKey(),
  tickedAt: instantColumn('ticked_at').notNull(),
});
