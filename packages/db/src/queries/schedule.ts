import { digestDueAt, dueSoonAt, occurrenceDueAt, overdueAt } from '../apply/schedule-windows.ts';
import type { Executor } from '../client.ts';
import { recurrences } from '../schema/recurrences.ts';
import { tasks } from '../schema/tasks.ts';
import { users } from '../schema/users.ts';

/**
 * Whether a `schedule.tick` at `now` would do anything: an occurrence due, a task due soon or
 * overdue that nobody was told of, or a digest to send (the conditions apply acts on,
 * apply/schedule-windows.ts). The leader asks before proposing, so an idle board adds no entry
 * a minute to the log.
 */
export async function scheduledWorkDue(db: Executor, now: number): Promise<boolean> {
  const exists = async (query: Promise<unknown[]>) => (await query).length > 0;
  const digest = digestDueAt(now);
  return (
    (await exists(
      db.select({ id: recurrences.id }).from(recurrences).where(occurrenceDueAt(now)).limit(1),
    )) ||
    (await exists(db.select({ id: tasks.id }).from(tasks).where(dueSoonAt(now)).limit(1))) ||
    (await exists(db.select({ id: tasks.id }).from(tasks).where(overdueAt(now)).limit(1))) ||
    (digest !== null &&
      (await exists(db.select({ id: users.id }).from(users).where(digest).limit(1))))
  );
}
