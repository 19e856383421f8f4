import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import type { Executor } from '../client.ts';
import { priorityIds, statuses } from '../schema/statuses.ts';
import { type TaskRow, tasks } from '../schema/tasks.ts';
import { type TaskFilter, type TaskOrder, type TaskQuery, taskQueryCondition } from './tasks.ts';

/**
 * Where a page of tasks starts or ends: the segment of the order a row sits in and that row's
 * sort key within it. Orders are cut into segments (a board column, a priority, dated and
 * undated tasks) so that every segment reads along an index in key order: no page sorts the
 * project, and none skips rows with OFFSET. Segment ids are stable (a status id, a priority id),
 * so a keyset stays meaningful while other rows change.
 */
export interface TaskKeyset {
  segment: string;
  /** The row's sort key within its segment, as strings (instants as ISO 8601). */
  keys: string[];
}

/** A task with the keyset of its place in the order (what a cursor encodes). */
export interface TaskPageRow {
  task: TaskRow;
  keyset: TaskKeyset;
}

/** One page request: `limit` rows past `after` (or before it, `backward`), in `order`. */
export interface TaskPageRequest extends TaskQuery {
  order: TaskOrder;
  after: TaskKeyset | null;
  limit: number;
  backward?: boolean | undefined;
}

/** A sort key column: how to read it off a row and turn a keyset string back into a value. */
interface KeyColumn {
  column: MySqlColumn;
  of: (task: TaskRow) => string;
  parse: (value: string) => unknown;
}

/**
 * Rows of one segment: a condition, the keys it is ordered by (ending in the id), and the index
 * that holds them in that order.
 */
interface Segment {
  id: string;
  where: SQL | undefined;
  keys: readonly KeyColumn[];
  index: string;
}

function textKey(column: MySqlColumn, of: (task: TaskRow) => string | null): KeyColumn {
  return { column, of: (task) => of(task) ?? '', parse: (value) => value };
}

function instantKey(column: MySqlColumn, of: (task: TaskRow) => Date): KeyColumn {
  const parse = (value: string) => {
    const instant = new Date(value);
    if (Number.isNaN(instant.getTime())) throw new RangeError('keyset instant is not a date');
    return instant;
  };
  return { column, of: (task) => of(task).toISOString(), parse };
}

const idKey = textKey(tasks.id, (task) => task.id);

/** The whole listing as one segment ordered by `key`, then id. */
function singleSegment(key: KeyColumn, index: string): Segment[] {
  return [{ id: 'all', where: undefined, keys: [key, idKey], index }];
}

/**
 * Board order: column by column (statuses by position, then id), cards by position then id.
 * Each column is read along `tasks_board_idx` (project, status, position[, id]).
 */
async function statusSegments(db: Executor, query: TaskQuery): Promise<Segment[]> {
  if (query.projectIds.length === 0) return [];
  const columns = await db
    .select({ id: statuses.id, projectId: statuses.projectId })
    .from(statuses)
    .where(
      and(
        inArray(statuses.projectId, [...query.projectIds]),
        query.statusId === undefined ? undefined : eq(statuses.id, query.statusId),
      ),
    )
    .orderBy(asc(statuses.position), asc(statuses.id));
  const positionKey = textKey(tasks.position, (task) => task.position);
  return columns.map((column) => ({
    id: column.id,
    where: and(eq(tasks.projectId, column.projectId), eq(tasks.statusId, column.id)),
    keys: [positionKey, idKey],
    index: 'tasks_board_idx',
  }));
}

/** Least urgent first, each priority by id (`tasks_project_priority_idx`). */
function prioritySegments(): Segment[] {
  return priorityIds.map((priority) => ({
    id: priority,
    where: eq(tasks.priorityId, priority),
    keys: [idKey],
    index: 'tasks_project_priority_idx',
  }));
}

/**
 * By due day, undated tasks last in both directions: two segments, each along
 * `tasks_project_due_idx` (an index keeps NULLs first, so one range cannot put them last).
 */
function dueSegments(): Segment[] {
  const dueKey = textKey(tasks.dueDate, (task) => task.dueDate);
  const index = 'tasks_project_due_idx';
  return [
    { id: 'dated', where: isNotNull(tasks.dueDate), keys: [dueKey, idKey], index },
    { id: 'undated', where: isNull(tasks.dueDate), keys: [idKey], index },
  ];
}

/**
 * The segments of `order`, first to last. Descending reverses columns and priorities, but
 * undated tasks stay last, as they do ascending.
 */
async function segmentsOf(db: Executor, query: TaskPageRequest): Promise<Segment[]> {
  const descending = query.order.direction === 'desc';
  switch (query.order.field) {
    case 'created': {
      const created = instantKey(tasks.createdAt, (task) => task.createdAt);
      return singleSegment(created, 'tasks_project_created_idx');
    }
    case 'updated': {
      const updated = instantKey(tasks.updatedAt, (task) => task.updatedAt);
      return singleSegment(updated, 'tasks_project_updated_idx');
    }
    case 'due':
      return dueSegments();
    case 'priority':
      return descending ? prioritySegments().reverse() : prioritySegments();
    case 'position': {
      const columns = await statusSegments(db, query);
      return descending ? columns.reverse() : columns;
    }
  }
}

/** Rows strictly past `values` in key order: (k1 > v1) or (k1 = v1 and (k2 > v2 ...)). */
function pastKeys(keys: readonly KeyColumn[], values: readonly string[], ascending: boolean): SQL {
  const [first, ...rest] = keys;
  const [value, ...restValues] = values;
  if (first === undefined || value === undefined) throw new RangeError('keyset is too short');
  const beyond = (ascending ? gt : lt)(first.column, first.parse(value));
  if (rest.length === 0) return beyond;
  const tie = and(eq(first.column, first.parse(value)), pastKeys(rest, restValues, ascending));
  return or(beyond, tie) as SQL;
}

/** Whether a filter searches text anywhere in it (then the FULLTEXT index must stay usable). */
function searchesText(filter: TaskFilter | undefined): boolean {
  if (filter === undefined) return false;
  if (filter.text !== undefined) return true;
  return [...(filter.and ?? []), ...(filter.or ?? [])].some(searchesText);
}

/** The segments still to read, in reading order, and where reading starts in the first. */
function startingPoint(segments: Segment[], after: TaskKeyset | null) {
  if (after === null) return { remaining: segments, from: null };
  const at = segments.findIndex((segment) => segment.id === after.segment);
  const segment = segments[at];
  if (segment === undefined || segment.keys.length !== after.keys.length) {
    throw new RangeError('the cursor does not belong to this order');
  }
  return { remaining: segments.slice(at), from: after.keys };
}

/**
 * One page of a listing by keyset: reads segment after segment, each with a query that walks
 * an index in key order and stops at the rows still missing, so a page costs the same on page
 * one and page 1,000. Rows come back in `order` (also when reading `backward`). Throws a
 * RangeError when `after` does not belong to this order.
 */
export async function listTaskPage(db: Executor, query: TaskPageRequest): Promise<TaskPageRow[]> {
  const backward = query.backward === true;
  const ascending = (query.order.direction === 'asc') !== backward;
  const inOrder = await segmentsOf(db, query);
  const segments = backward ? inOrder.reverse() : inOrder;
  const { remaining, from } = startingPoint(segments, query.after);
  const where = taskQueryCondition(db, query);
  const direction = ascending ? asc : desc;
  // The order's index is forced: the foreign-key indexes (status_id, id) and (priority_id, id)
  // also give key order and look cheaper to the optimizer on a one-project table, but they
  // walk every project's rows. A text search instead starts from the FULLTEXT index's matches
  // (which a forced index would rule out) and sorts those.
  const forced = !searchesText(query.filter);
  const page: TaskPageRow[] = [];
  let past = from;
  for (const segment of remaining) {
    if (page.length >= query.limit) break;
    const rows = await db
      .select()
      .from(tasks, forced ? { forceIndex: segment.index } : {})
      .where(and(where, segment.where, past ? pastKeys(segment.keys, past, ascending) : undefined))
      .orderBy(...segment.keys.map((key) => direction(key.column)))
      .limit(query.limit - page.length);
    for (const task of rows) {
      page.push({
        task,
        keyset: { segment: segment.id, keys: segment.keys.map((k) => k.of(task)) },
      });
    }
    past = null;
  }
  return backward ? page.reverse() : page;
}
