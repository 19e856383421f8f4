import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { events } from '../schema/events.ts';

/**
 * Bound on the days one report covers: the API's flow report (BAD_USER_INPUT past it) and
 * `completedTasksPerDay` both enforce it.
 */
export const reportDaysMax = 366;

/** Bound on the task events one report replays. */
export const reportEventsMax = 100_000;

/** Event kinds that change what a report counts. */
export const reportEventKinds = [
  'task.created',
  'task.updated',
  'task.moved',
  'task.deleted',
  'task.assigned',
  'task.unassigned',
] as const;

/**
 * A project's task events up to `to`, oldest first, at most `limit` (pass
 * `reportEventsMax + 1` to learn whether the history is too long). Read along
 * `events_project_index_idx` (project, log index[, ordinal]), forced: on a database where one
 * project holds most events the optimizer would rather walk the primary key, which reads every
 * project's events.
 */
export async function taskEventsUntil(db: Executor, projectId: string, to: Date, limit: number) {
  return db
    .select({
      logIndex: events.logIndex,
      kind: events.kind,
      entityId: events.entityId,
      at: events.at,
      payload: events.payload,
    })
    .from(events, { forceIndex: 'events_project_index_idx' })
    .where(
      and(
        eq(events.projectId, projectId),
        inArray(events.kind, [...reportEventKinds]),
        lte(events.at, to),
      ),
    )
    .orderBy(asc(events.logIndex), asc(events.ordinal))
    .limit(limit);
}
