import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { eventsPageMax } from '../queries/activity.ts';
import { type EventRow, events } from '../schema/events.ts';

function pageSize(limit: number): number {
  return Math.min(Math.max(limit, 1), eventsPageMax);
}

/**
 * A project's events with log index greater than `afterIndex`, in (index, ordinal) order, at
 * most `min(limit, eventsPageMax)`. This is the replay half of a subscription with
 * `after: <index>`: replay pages until short, then stream live events past the last index.
 * A page ends on an entry boundary only if the caller keeps reading while the last index
 * repeats; use `eventsOfProjectAfterSeq` for an exact cursor.
 */
export async function eventsOfProjectAfter(
  db: Executor,
  projectId: string,
  afterIndex: number,
  limit: number,
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), gt(events.logIndex, afterIndex)))
    .orderBy(asc(events.logIndex), asc(events.ordinal))
    .limit(pageSize(limit));
}

/** A project's events after its sequence number `afterSeq` (an exact, gapless cursor). */
export async function eventsOfProjectAfterSeq(
  db: Executor,
  projectId: string,
  afterSeq: number,
  limit: number,
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), gt(events.projectSeq, afterSeq)))
    .orderBy(asc(events.projectSeq))
    .limit(pageSize(limit));
}

/** Every event after `afterIndex` (all projects and none), in log order. */
export async function eventsAfter(db: Executor, afterIndex: number, limit: number) {
  return db
    .select()
    .from(events)
    .where(gt(events.logIndex, afterIndex))
    .orderBy(asc(events.logIndex), asc(events.ordinal))
    .limit(pageSize(limit));
}

/** The history of one entity, newest first, before `beforeIndex` when given. */
export async function eventsOfEntity(
  db: Executor,
  entity: { type: string; id: string },
  options: { beforeIndex?: number; limit: number },
): Promise<EventRow[]> {
  const before =
    options.beforeIndex === undefined ? undefined : lt(events.logIndex, options.beforeIndex);
  return db
    .select()
    .from(events)
    .where(and(eq(events.entityType, entity.type), eq(events.entityId, entity.id), before))
    .orderBy(desc(events.logIndex), desc(events.ordinal))
    .limit(pageSize(options.limit));
}
