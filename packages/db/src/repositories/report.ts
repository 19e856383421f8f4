import { and, asc, count, eq, gte, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { reportDaysMax } from '../queries/reports.ts';
import { type StatusCategory, statuses } from '../schema/statuses.ts';
import { tasks } from '../schema/tasks.ts';

/** Live tasks per status of a project, in board order (statuses without tasks count 0). */
export async function taskCountsByStatus(
  db: Executor,
  projectId: string,
): Promise<{ statusId: string; name: string; category: StatusCategory; tasks: number }[]> {
  const rows = await db
    .select({
      statusId: statuses.id,
      name: statuses.name,
      category: statuses.category,
      tasks: count(tasks.id),
    })
    .from(statuses)
    .leftJoin(tasks, and(eq(tasks.statusId, statuses.id), isNull(tasks.deletedAt)))
    .where(eq(statuses.projectId, projectId))
    .groupBy(statuses.id, statuses.name, statuses.category, statuses.position)
    .orderBy(asc(statuses.position), asc(statuses.id));
  return rows.map((row) => ({ ...row, tasks: Number(row.tasks) }));
}

/**
 * Tasks of a project completed per UTC day in [from, to), oldest day first; days without
 * completions are absent. Throws past `reportDaysMax` days.
 */
export async function completedTasksPerDay(
  db: Executor,
  projectId: string,
  range: { from: Date; to: Date },
): Promise<{ day: string; completed: number }[]> {
  const days = (range.to.getTime() - range.from.getTime()) / 86_400_000;
  if (days > reportDaysMax) throw new Error(`a report covers at most ${reportDaysMax} days`);
  const day = sql<string>`DATE_FORMAT(${tasks.completedAt}, '%Y-%m-%d')`;
  const rows = await db
    .select({ day, completed: count() })
    .from(tasks)
    .where(
      and(
        eq(tasks.projectId, projectId),
        isNull(tasks.deletedAt),
        isNotNull(tasks.completedAt),
        gte(tasks.completedAt, range.from),
        lt(tasks.completedAt, range.to),
      ),
    )
    .groupBy(day)
    .orderBy(asc(day));
  return rows.map((row) => ({ day: row.day, completed: Number(row.completed) }));
}
