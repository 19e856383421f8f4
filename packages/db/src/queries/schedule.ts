import { and, gte, isNotNull, isNull, lte, ne, or } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { recurrences } from '../schema/recurrences.ts';
import { tasks } from '../schema/tasks.ts';

const dayMs = 24 * 60 * 60 * 1_000;

function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Whether a `schedule.tick` at `now` would do anything: an occurrence due, or a task due soon
 * that was not reminded (the same windows apply uses, schedule-handlers.ts). The leader asks
 * before proposing, so an idle board adds no entry a minute to the log.
 */
export async function scheduledWorkDue(db: Executor, now: number): Promise<boolean> {
  const [occurrence] = await db
    .select({ id: recurrences.id })
    .from(recurrences)
    .where(and(isNotNull(recurrences.nextAt), lte(recurrences.nextAt, new Date(now))))
    .limit(1);
  if (occurrence) return true;
  const [reminder] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        lte(tasks.dueDate, utcDay(now + dayMs)),
        gte(tasks.dueDate, utcDay(now - dayMs)),
        isNull(tasks.deletedAt),
        isNull(tasks.completedAt),
        or(isNull(tasks.remindedDueDate), ne(tasks.remindedDueDate, tasks.dueDate)),
      ),
    )
    .limit(1);
  return reminder !== undefined;
}
