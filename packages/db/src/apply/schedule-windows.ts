import { and, eq, gte, isNotNull, isNull, lt, lte, ne, or, type SQL } from 'drizzle-orm';
import { recurrences } from '../schema/recurrences.ts';
import { tasks } from '../schema/tasks.ts';
import { users } from '../schema/users.ts';

/**
 * What a `schedule.tick` at `now` looks at, as conditions: apply acts on the rows they select
 * (handlers/schedule-handlers.ts), and the leader asks whether any row matches before it
 * proposes a tick (queries/schedule.ts), so the two can never disagree.
 */

export const dayMs = 24 * 60 * 60 * 1_000;
/** Overdue tasks older than this are not announced any more (the range read stays short). */
export const overdueWindowDays = 7;
/** Digests go out from this hour (UTC) on, once a day. */
export const digestHourUtc = 7;

/** The calendar day (UTC) of an instant, 'YYYY-MM-DD'. */
export function utcDay(at: number | Date): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Open (not completed, not deleted) tasks due from `onOrAfter` (when given) up to `to`, whose
 * `told` column does not hold their due date yet: each due date is told once.
 */
export function untoldOpenTasksDue(
  window: { onOrAfter: string | null; to: string; toInclusive: boolean },
  told: typeof tasks.remindedDueDate | typeof tasks.overdueNotifiedDate,
): SQL | undefined {
  return and(
    isNotNull(tasks.dueDate),
    window.toInclusive ? lte(tasks.dueDate, window.to) : lt(tasks.dueDate, window.to),
    window.onOrAfter === null ? undefined : gte(tasks.dueDate, window.onOrAfter),
    isNull(tasks.deletedAt),
    isNull(tasks.completedAt),
    or(isNull(told), ne(told, tasks.dueDate)),
  );
}

/** Due soon: due by tomorrow, not before yesterday, and not reminded for that date. */
export function dueSoonAt(now: number) {
  return untoldOpenTasksDue(
    { onOrAfter: utcDay(now - dayMs), to: utcDay(now + dayMs), toInclusive: true },
    tasks.remindedDueDate,
  );
}

/** Overdue: due before today, within `overdueWindowDays`, and not told for that date. */
export function overdueAt(now: number) {
  return untoldOpenTasksDue(
    { onOrAfter: utcDay(now - overdueWindowDays * dayMs), to: utcDay(now), toInclusive: false },
    tasks.overdueNotifiedDate,
  );
}

/** Recurrences with an occurrence due by `now`. */
export function occurrenceDueAt(now: number) {
  return and(isNotNull(recurrences.nextAt), lte(recurrences.nextAt, new Date(now)));
}

/** People owed today's digest at `now`; null before `digestHourUtc`. */
export function digestDueAt(now: number): SQL | null {
  if (new Date(now).getUTCHours() < digestHourUtc) return null;
  return (
    and(
      eq(users.emailDigest, true),
      or(isNull(users.digestSentOn), lt(users.digestSentOn, utcDay(now))),
    ) ?? null
  );
}
