import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { occurrences, type RecurrenceRow, recurrences } from '../schema/recurrences.ts';

/** The recurrences of these template tasks, by template task id. */
export async function recurrencesOfTasks(
  db: Executor,
  taskIds: readonly string[],
): Promise<Map<string, RecurrenceRow>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(recurrences)
    .where(inArray(recurrences.templateTaskId, [...taskIds]));
  return new Map(rows.map((row) => [row.templateTaskId, row]));
}

/** The recurrence and occurrence time a task was made for, if it is an occurrence. */
export async function occurrenceOfTask(
  db: Executor,
  taskId: string,
): Promise<{ templateTaskId: string; occursAt: Date } | undefined> {
  const [row] = await db
    .select({ templateTaskId: recurrences.templateTaskId, occursAt: occurrences.occursAt })
    .from(occurrences)
    .innerJoin(recurrences, eq(recurrences.id, occurrences.recurrenceId))
    .where(eq(occurrences.taskId, taskId));
  return row;
}
