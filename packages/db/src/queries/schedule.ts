import { and, eq, gte, isNotNull, isNull, lt, lte, ne, or } from 'drizzle-orm';
import { digestHourUtc, overdueWindowDays } from '../apply/handlers/schedule-handlers.ts';
import type { Executor } from '../client.ts';
import { recurrences } from '../schema/recurrences.ts';
import { tasks } from '../schema/tasks.ts';
import { users } from '../schema/users.ts';

const dayMs = 24 * 60 * 60 * 1_000;

function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Whether a `schedule.tick` at `now` would do anything: an occurrence due, a task due soon or
 * overdue that nobody was told of, or a digest to send (the same rules apply uses,
 * schedule-handlers.ts). The leader asks
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
  if (reminder) return true;
  const [overdue] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        lt(tasks.dueDate, utcDay(now)),
        gte(tasks.dueDate, utcDay(now - overdueWindowDays * dayMs)),
        isNull(tasks.deletedAt),
        isNull(tasks.completedAt),
        or(isNull(tasks.overdueNotifiedDate), ne(tasks.overdueNotifiedDate, tasks.dueDate)),
      ),
    )
    .limit(1);
  if (overdue) return true;
  if (new Date(now).getUTCHours() < digestHourUtc) return false;
  const [digest] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.emailDigest, true),
        or(isNull(users.digestSentOn), lt(users.digestSentOn, utcDay(now))),
      ),
    )
    .limit(1);
  return digest !== undefined;
}
