import { and, asc, eq, gt, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { taskLabels } from '../schema/labels.ts';
import type { PriorityId } from '../schema/statuses.ts';
import { type TaskRow, taskAssignees, tasks } from '../schema/tasks.ts';

/** Bound on one page of tasks. */
export const tasksPageMax = 200;

/** The live (not deleted) task `taskId`, or null. */
export async function findTaskById(db: Executor, taskId: string): Promise<TaskRow | null> {
  const [task] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), isNull(tasks.deletedAt)));
  return task ?? null;
}

/** Which tasks of a project a page shows; every given filter must hold. */
export interface TaskPageFilter {
  statusIds?: readonly string[];
  priorities?: readonly PriorityId[];
  assigneeId?: string;
  labelId?: string;
  parentId?: string | null;
}

/** Where a page starts: after the task with this (position, id), in board order. */
export interface TaskCursor {
  position: string;
  id: string;
}

function filterConditions(filter: TaskPageFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.statusIds) conditions.push(inArray(tasks.statusId, [...filter.statusIds]));
  if (filter.priorities) conditions.push(inArray(tasks.priorityId, [...filter.priorities]));
  if (filter.parentId === null) conditions.push(isNull(tasks.parentId));
  if (typeof filter.parentId === 'string') conditions.push(eq(tasks.parentId, filter.parentId));
  return conditions;
}

/**
 * One page of a project's live tasks in board order (position, then id), at most
 * `min(limit, tasksPageMax)` rows, starting after `after` (keyset pagination: stable while
 * tasks are added or moved elsewhere). The next cursor is the last row's (position, id).
 */
export async function tasksOfProjectPage(
  db: Executor,
  projectId: string,
  options: { filter?: TaskPageFilter; after?: TaskCursor; limit: number },
): Promise<TaskRow[]> {
  const filter = options.filter ?? {};
  const conditions = [eq(tasks.projectId, projectId), isNull(tasks.deletedAt)];
  conditions.push(...filterConditions(filter));
  if (options.after) {
    const { position, id } = options.after;
    const afterCursor = or(
      gt(tasks.position, position),
      and(eq(tasks.position, position), gt(tasks.id, id)),
    );
    if (afterCursor) conditions.push(afterCursor);
  }
  let query = db.select({ task: tasks }).from(tasks).$dynamic();
  if (filter.assigneeId !== undefined) {
    query = query.innerJoin(
      taskAssignees,
      and(eq(taskAssignees.taskId, tasks.id), eq(taskAssignees.userId, filter.assigneeId)),
    );
  }
  if (filter.labelId !== undefined) {
    query = query.innerJoin(
      taskLabels,
      and(eq(taskLabels.taskId, tasks.id), eq(taskLabels.labelId, filter.labelId)),
    );
  }
  const rows = await query
    .where(and(...conditions))
    .orderBy(asc(tasks.position), asc(tasks.id))
    .limit(Math.min(Math.max(options.limit, 1), tasksPageMax));
  return rows.map((row) => row.task);
}

/** The user ids assigned to each of `taskIds` (for batching resolvers), sorted by user id. */
export async function assigneeIdsOfTasks(
  db: Executor,
  taskIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(taskIds.map((id) => [id, []]));
  if (taskIds.length === 0) return result;
  const rows = await db
    .select({ taskId: taskAssignees.taskId, userId: taskAssignees.userId })
    .from(taskAssignees)
    .where(inArray(taskAssignees.taskId, [...taskIds]))
    .orderBy(asc(taskAssignees.taskId), asc(taskAssignees.userId));
  for (const row of rows) result.get(row.taskId)?.push(row.userId);
  return result;
}

/**
 * The title of every task row of a project, deleted ones included, one entry per row (a
 * duplicated write shows as a repeated title), in no particular order. Unbounded on purpose: it
 * is for consistency checkers (the chaos verdict), where a truncated answer would hide a lost
 * write; request paths page with `tasksOfProjectPage` instead.
 */
export async function taskTitlesOfProject(db: Executor, projectId: string): Promise<string[]> {
  const rows = await db
    .select({ title: tasks.title })
    .from(tasks)
    .where(eq(tasks.projectId, projectId));
  return rows.map((row) => row.title);
}
