import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gt,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  ne,
  not,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import type { Executor, Transaction } from '../client.ts';
import { labels, taskLabels } from '../schema/labels.ts';
import { type PriorityId, priorityIds, type StatusCategory, statuses } from '../schema/statuses.ts';
import { type TaskRow, taskAssignees, taskRelations, tasks } from '../schema/tasks.ts';
import { users } from '../schema/users.ts';
import { likeContains, textSearchCondition } from './task-text-search.ts';

/** Bound on the values of one `in`/`nin` list in a filter. */
export const filterListMax = 100;
/** Bound on the nesting of `and`/`or` in a filter. */
export const filterDepthMax = 5;
/** Bound on the children (subtasks, assignees, labels, relations) listed for one task. */
export const taskChildrenListedMax = 500;

/** Comparisons on a string column; `contains` is case-insensitive. */
export interface StringComparison {
  eq?: string | undefined;
  neq?: string | undefined;
  in?: readonly string[] | undefined;
  nin?: readonly string[] | undefined;
  contains?: string | undefined;
}

/** Comparisons on an id. */
export interface IdComparison {
  eq?: string | undefined;
  neq?: string | undefined;
  in?: readonly string[] | undefined;
  nin?: readonly string[] | undefined;
}

/** Comparisons on a calendar day ('YYYY-MM-DD'); `null: true` matches days not set. */
export interface DateComparison {
  eq?: string | undefined;
  neq?: string | undefined;
  lt?: string | undefined;
  gt?: string | undefined;
  null?: boolean | undefined;
}

/** Comparisons on an instant. */
export interface InstantComparison {
  lt?: Date | undefined;
  gt?: Date | undefined;
}

/** Comparisons on priority; `lt`/`gt` compare urgency (none < low < ... < urgent). */
export interface PriorityComparison {
  eq?: PriorityId | undefined;
  neq?: PriorityId | undefined;
  in?: readonly PriorityId[] | undefined;
  nin?: readonly PriorityId[] | undefined;
  lt?: PriorityId | undefined;
  gt?: PriorityId | undefined;
}

/**
 * Which tasks to list, in the Linear style: every given field must match (and), `and`/`or`
 * combine nested filters. For the many-valued `assignee` and `labels`, `eq`/`in` match when
 * SOME assignee or label matches and `neq`/`nin` when NONE does; `null: true` matches tasks
 * without any.
 */
export interface TaskFilter {
  and?: readonly TaskFilter[] | undefined;
  or?: readonly TaskFilter[] | undefined;
  id?: IdComparison | undefined;
  title?: StringComparison | undefined;
  /** Words of the title or the description, case-insensitive (see `textSearchCondition`). */
  text?: string | undefined;
  priority?: PriorityComparison | undefined;
  status?:
    | {
        id?: IdComparison | undefined;
        category?:
          | {
              eq?: StatusCategory | undefined;
              neq?: StatusCategory | undefined;
              in?: readonly StatusCategory[] | undefined;
              nin?: readonly StatusCategory[] | undefined;
            }
          | undefined;
      }
    | undefined;
  assignee?: { id?: IdComparison | undefined; null?: boolean | undefined } | undefined;
  labels?:
    | {
        id?: IdComparison | undefined;
        name?: StringComparison | undefined;
        null?: boolean | undefined;
      }
    | undefined;
  parent?: { id?: IdComparison | undefined; null?: boolean | undefined } | undefined;
  dueDate?: DateComparison | undefined;
  createdAt?: InstantComparison | undefined;
  updatedAt?: InstantComparison | undefined;
}

/** What tasks sort by. */
export type TaskOrderField = 'created' | 'updated' | 'due' | 'priority' | 'position';

/** A sort order; ties break by id (see task-pages.ts for how each is read). */
export interface TaskOrder {
  field: TaskOrderField;
  direction: 'asc' | 'desc';
}

function compareValues(column: MySqlColumn, c: IdComparison | StringComparison): SQL[] {
  const parts: SQL[] = [];
  if (c.eq !== undefined) parts.push(eq(column, c.eq));
  if (c.neq !== undefined) parts.push(ne(column, c.neq));
  if (c.in !== undefined) parts.push(c.in.length === 0 ? sql`false` : inArray(column, [...c.in]));
  if (c.nin !== undefined && c.nin.length > 0) parts.push(notInArray(column, [...c.nin]));
  if ('contains' in c && c.contains !== undefined) {
    parts.push(like(column, likeContains(c.contains)));
  }
  return parts;
}

/** Positive and negative halves of a comparison on a many-valued relation. */
function someNone(c: IdComparison | StringComparison) {
  const { neq, nin, ...positive } = c;
  const negative: IdComparison = {};
  if (neq !== undefined) negative.in = [neq];
  if (nin !== undefined) negative.in = [...(negative.in ?? []), ...nin];
  return { positive, negative: negative.in ? negative : null };
}

function assigneeCondition(db: Executor, f: NonNullable<TaskFilter['assignee']>): SQL[] {
  const parts: SQL[] = [];
  const assigned = (extra: SQL[]) =>
    exists(
      db
        .select({ one: sql`1` })
        .from(taskAssignees)
        .where(and(eq(taskAssignees.taskId, tasks.id), ...extra)),
    );
  if (f.null !== undefined) parts.push(f.null ? not(assigned([])) : assigned([]));
  if (f.id) {
    const { positive, negative } = someNone(f.id);
    const some = compareValues(taskAssignees.userId, positive);
    if (some.length > 0) parts.push(assigned(some));
    if (negative) parts.push(not(assigned(compareValues(taskAssignees.userId, negative))));
  }
  return parts;
}

function labelCondition(db: Executor, f: NonNullable<TaskFilter['labels']>): SQL[] {
  const parts: SQL[] = [];
  const labelled = (extra: SQL[]) =>
    exists(
      db
        .select({ one: sql`1` })
        .from(taskLabels)
        .innerJoin(labels, eq(labels.id, taskLabels.labelId))
        .where(and(eq(taskLabels.taskId, tasks.id), ...extra)),
    );
  if (f.null !== undefined) parts.push(f.null ? not(labelled([])) : labelled([]));
  for (const [column, comparison] of [
    [labels.id, f.id],
    [labels.name, f.name],
  ] as const) {
    if (!comparison) continue;
    const { positive, negative } = someNone(comparison);
    const some = compareValues(column, positive);
    if (some.length > 0) parts.push(labelled(some));
    if (negative) parts.push(not(labelled(compareValues(column, negative))));
  }
  return parts;
}

const priorityRank = sql`FIELD(${tasks.priorityId}, ${sql.join(
  priorityIds.map((id) => sql`${id}`),
  sql`, `,
)})`;

function priorityCondition(c: PriorityComparison): SQL[] {
  const parts = compareValues(tasks.priorityId, c);
  if (c.lt !== undefined) parts.push(sql`${priorityRank} < ${priorityIds.indexOf(c.lt) + 1}`);
  if (c.gt !== undefined) parts.push(sql`${priorityRank} > ${priorityIds.indexOf(c.gt) + 1}`);
  return parts;
}

function dateCondition(column: MySqlColumn, c: DateComparison): SQL[] {
  const parts: SQL[] = [];
  if (c.eq !== undefined) parts.push(eq(column, c.eq));
  if (c.neq !== undefined) parts.push(or(ne(column, c.neq), isNull(column)) as SQL);
  if (c.lt !== undefined) parts.push(lt(column, c.lt));
  if (c.gt !== undefined) parts.push(gt(column, c.gt));
  if (c.null !== undefined) parts.push(c.null ? isNull(column) : isNotNull(column));
  return parts;
}

function instantCondition(column: MySqlColumn, c: InstantComparison): SQL[] {
  const parts: SQL[] = [];
  if (c.lt !== undefined) parts.push(lt(column, c.lt));
  if (c.gt !== undefined) parts.push(gt(column, c.gt));
  return parts;
}

function statusCondition(db: Executor, f: NonNullable<TaskFilter['status']>): SQL[] {
  const parts: SQL[] = f.id ? compareValues(tasks.statusId, f.id) : [];
  if (f.category) {
    const inCategory = compareValues(statuses.category, f.category);
    if (inCategory.length > 0) {
      const matching = db
        .select({ id: statuses.id })
        .from(statuses)
        .where(and(...inCategory));
      parts.push(inArray(tasks.statusId, matching));
    }
  }
  return parts;
}

/** The SQL condition for a filter. Throws past `filterDepthMax` levels or `filterListMax`. */
export function taskFilterCondition(db: Executor, filter: TaskFilter, depth = 0): SQL {
  if (depth >= filterDepthMax) throw new RangeError(`filters nest at most ${filterDepthMax} deep`);
  const parts: SQL[] = [];
  if (filter.id) parts.push(...compareValues(tasks.id, filter.id));
  if (filter.title) parts.push(...compareValues(tasks.title, filter.title));
  if (filter.text !== undefined) parts.push(textSearchCondition(filter.text));
  if (filter.priority) parts.push(...priorityCondition(filter.priority));
  if (filter.status) parts.push(...statusCondition(db, filter.status));
  if (filter.assignee) parts.push(...assigneeCondition(db, filter.assignee));
  if (filter.labels) parts.push(...labelCondition(db, filter.labels));
  if (filter.parent?.id) parts.push(...compareValues(tasks.parentId, filter.parent.id));
  if (filter.parent?.null !== undefined) {
    parts.push(filter.parent.null ? isNull(tasks.parentId) : isNotNull(tasks.parentId));
  }
  if (filter.dueDate) parts.push(...dateCondition(tasks.dueDate, filter.dueDate));
  if (filter.createdAt) parts.push(...instantCondition(tasks.createdAt, filter.createdAt));
  if (filter.updatedAt) parts.push(...instantCondition(tasks.updatedAt, filter.updatedAt));
  if (filter.and) parts.push(...filter.and.map((f) => taskFilterCondition(db, f, depth + 1)));
  if (filter.or && filter.or.length > 0) {
    parts.push(or(...filter.or.map((f) => taskFilterCondition(db, f, depth + 1))) as SQL);
  }
  return parts.length === 0 ? sql`true` : (and(...parts) as SQL);
}

/**
 * Which tasks a listing covers: live tasks of these projects (of one board column, given
 * `statusId`) matching the filter.
 */
export interface TaskQuery {
  projectIds: readonly string[];
  statusId?: string | undefined;
  filter?: TaskFilter | undefined;
}

/** The SQL condition for a listing (see `TaskQuery`). */
export function taskQueryCondition(db: Executor, query: TaskQuery): SQL {
  if (query.projectIds.length === 0) return sql`false`;
  return and(
    inArray(tasks.projectId, [...query.projectIds]),
    query.statusId === undefined ? undefined : eq(tasks.statusId, query.statusId),
    isNull(tasks.deletedAt),
    query.filter ? taskFilterCondition(db, query.filter) : undefined,
  ) as SQL;
}

/** How many tasks a listing covers. */
export async function countTasks(db: Executor, query: TaskQuery): Promise<number> {
  const [row] = await db.select({ n: count() }).from(tasks).where(taskQueryCondition(db, query));
  return Number(row?.n ?? 0);
}

/** Live tasks by id; missing and deleted ids are skipped. */
export async function tasksByIds(db: Executor, ids: readonly string[]): Promise<TaskRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(tasks)
    .where(and(inArray(tasks.id, [...ids]), isNull(tasks.deletedAt)));
}

/** A task's live subtasks, by position. */
export async function subtasksOf(db: Executor, taskId: string): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.parentId, taskId), isNull(tasks.deletedAt)))
    .orderBy(asc(tasks.position), asc(tasks.id))
    .limit(taskChildrenListedMax);
}

/** The users assigned to a task, by when they were assigned. */
export async function assigneesOf(db: Executor, taskId: string) {
  const rows = await db
    .select({ user: users })
    .from(taskAssignees)
    .innerJoin(users, eq(users.id, taskAssignees.userId))
    .where(eq(taskAssignees.taskId, taskId))
    .orderBy(asc(taskAssignees.assignedAt), asc(users.id))
    .limit(taskChildrenListedMax);
  return rows.map((row) => row.user);
}

/** The labels on a task, by name. */
export async function labelsOf(db: Executor, taskId: string) {
  const rows = await db
    .select({ label: labels })
    .from(taskLabels)
    .innerJoin(labels, eq(labels.id, taskLabels.labelId))
    .where(eq(taskLabels.taskId, taskId))
    .orderBy(asc(labels.name))
    .limit(taskChildrenListedMax);
  return rows.map((row) => row.label);
}

/** Links from or to a task (both directions), oldest first. */
export async function relationsOf(db: Executor, taskId: string) {
  return db
    .select()
    .from(taskRelations)
    .where(or(eq(taskRelations.taskId, taskId), eq(taskRelations.relatedTaskId, taskId)))
    .orderBy(asc(taskRelations.createdAt))
    .limit(taskChildrenListedMax);
}

/** The users assigned to each of `taskIds` (for batching), by assignment time. */
export async function assigneesOfTasks(db: Executor, taskIds: readonly string[]) {
  if (taskIds.length === 0) return [];
  return db
    .select({ taskId: taskAssignees.taskId, user: users })
    .from(taskAssignees)
    .innerJoin(users, eq(users.id, taskAssignees.userId))
    .where(inArray(taskAssignees.taskId, [...taskIds]))
    .orderBy(asc(taskAssignees.assignedAt), asc(users.id));
}

/** The labels on each of `taskIds` (for batching), by name. */
export async function labelsOfTasks(db: Executor, taskIds: readonly string[]) {
  if (taskIds.length === 0) return [];
  return db
    .select({ taskId: taskLabels.taskId, label: labels })
    .from(taskLabels)
    .innerJoin(labels, eq(labels.id, taskLabels.labelId))
    .where(inArray(taskLabels.taskId, [...taskIds]))
    .orderBy(asc(labels.name));
}

/**
 * The board position of the neighbour of `position` in a column, or null at the edge. By
 * project and status, so it reads one row along `tasks_board_idx` (see test/query-plans).
 */
export function neighbourPositionQuery(
  db: Executor | Transaction,
  column: { projectId: string; statusId: string },
  from: { position: string | null; side: 'before' | 'after' },
) {
  const after = from.side === 'after';
  const bound = from.position === null ? undefined : after ? gt : lt;
  return db
    .select({ position: tasks.position })
    .from(tasks)
    .where(
      and(
        eq(tasks.projectId, column.projectId),
        eq(tasks.statusId, column.statusId),
        isNull(tasks.deletedAt),
        bound && from.position !== null ? bound(tasks.position, from.position) : undefined,
      ),
    )
    .orderBy(after ? asc(tasks.position) : desc(tasks.position))
    .limit(1);
}

/** The board position of the neighbour of `position` in a column, or null at the edge. */
export async function neighbourPosition(
  db: Executor | Transaction,
  column: { projectId: string; statusId: string },
  from: { position: string | null; side: 'before' | 'after' },
): Promise<string | null> {
  const [row] = await neighbourPositionQuery(db, column, from);
  return row?.position ?? null;
}

/**
 * The title of every task row of a project, deleted ones included, one entry per row (a
 * duplicated write shows as a repeated title), in no particular order. Unbounded on purpose: it
 * is for consistency checkers (the chaos verdict), where a truncated answer would hide a lost
 * write; request paths page with `listTasks` instead.
 */
export async function taskTitlesOfProject(db: Executor, projectId: string): Promise<string[]> {
  const rows = await db
    .select({ title: tasks.title })
    .from(tasks)
    .where(eq(tasks.projectId, projectId));
  return rows.map((row) => row.title);
}
