import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { taskUpdateSchema } from '../commands/task-commands.ts';
import type { StatusCategory } from '../schema/statuses.ts';
import type { TaskRow } from '../schema/tasks.ts';
import { tasks } from '../schema/tasks.ts';
import { loadStatus, loadTask, loadTaskForWrite } from './access.ts';
import type { ApplyContext } from './apply-context.ts';
import { reject } from './outcome.ts';

/** How deep subtasks nest (a task's chain of parents is at most this long). */
export const subtaskDepthMax = 5;

/** A partial update of one task, as `task.update` and `task.bulkUpdate` carry it. */
export type TaskUpdate = z.output<typeof taskUpdateSchema>;

type TaskSet = Partial<typeof tasks.$inferInsert>;

/** When a task enters `category`, the timestamps that follow (started/completed). */
export function lifecycleTimestamps(
  task: Pick<TaskRow, 'startedAt' | 'completedAt'>,
  category: StatusCategory,
  at: Date,
): Pick<TaskRow, 'startedAt' | 'completedAt'> {
  const done = category === 'completed' || category === 'canceled';
  const active = category === 'started' || done;
  return {
    startedAt: active ? (task.startedAt ?? at) : task.startedAt,
    completedAt: done ? (task.completedAt ?? at) : null,
  };
}

/**
 * Rejects a parent that would make a cycle, cross projects, or nest deeper than
 * `subtaskDepthMax`. Walks the new parent's ancestors (bounded by the depth limit).
 */
export async function checkParent(
  ctx: ApplyContext,
  task: { id: string; projectId: string },
  parentId: string,
) {
  let ancestorId: string | null = parentId;
  for (let depth = 1; ancestorId !== null; depth += 1) {
    if (ancestorId === task.id) reject('INVALID', `task ${task.id} cannot be its own ancestor`);
    if (depth > subtaskDepthMax) reject('INVALID', `subtasks nest at most ${subtaskDepthMax} deep`);
    const ancestor: TaskRow = await loadTask(ctx, ancestorId);
    if (ancestor.projectId !== task.projectId) {
      reject('INVALID', `parent ${parentId} is in another project`);
    }
    ancestorId = ancestor.parentId;
  }
}

/** Raises a rejection when the task's version is not the one the client last saw. */
export function checkVersion(task: TaskRow, expected: number | undefined): void {
  if (expected !== undefined && task.version !== expected) {
    reject('CONFLICT', `task ${task.id} is at version ${task.version}, not ${expected}`);
  }
}

async function fieldsToSet(ctx: ApplyContext, task: TaskRow, changes: TaskUpdate['changes']) {
  const set: TaskSet = {};
  const simple = ['title', 'description', 'dueDate', 'startDate', 'position'] as const;
  for (const key of simple) {
    const value = changes[key];
    if (value !== undefined && value !== task[key]) (set as Record<string, unknown>)[key] = value;
  }
  if (changes.priority !== undefined && changes.priority !== task.priorityId) {
    set.priorityId = changes.priority;
  }
  if (changes.parentId !== undefined && changes.parentId !== task.parentId) {
    if (changes.parentId !== null) await checkParent(ctx, task, changes.parentId);
    set.parentId = changes.parentId;
  }
  if (changes.statusId !== undefined && changes.statusId !== task.statusId) {
    const status = await loadStatus(ctx, task.projectId, changes.statusId);
    set.statusId = status.id;
    Object.assign(set, lifecycleTimestamps(task, status.category, ctx.at));
  }
  return set;
}

function describeChanges(task: TaskRow, set: TaskSet) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(set)) {
    const from = task[key as keyof TaskRow];
    const same = from instanceof Date && to instanceof Date && from.getTime() === to.getTime();
    if (!same && from !== to) changes[key] = { from, to };
  }
  return changes;
}

/**
 * Applies a partial update to a live task the actor may write: checks the expected version,
 * validates the new status and parent, sets started/completed timestamps when the status
 * category changes, bumps the version by one and emits `kind` with each changed field's
 * before and after. An update that changes nothing leaves the task (and version) alone.
 */
export async function updateTask(ctx: ApplyContext, update: TaskUpdate, kind: string) {
  const { task } = await loadTaskForWrite(ctx, update.taskId);
  checkVersion(task, update.expectedVersion);
  const set = await fieldsToSet(ctx, task, update.changes);
  const changes = describeChanges(task, set);
  if (Object.keys(changes).length === 0) return { taskId: task.id, version: task.version };
  await ctx.tx
    .update(tasks)
    .set({ ...set, version: task.version + 1, updatedAt: ctx.at })
    .where(eq(tasks.id, task.id));
  ctx.emit({
    projectId: task.projectId,
    kind,
    entityType: 'task',
    entityId: task.id,
    payload: { version: task.version + 1, changes },
  });
  return { taskId: task.id, version: task.version + 1 };
}

/** Bumps a live task's version and update time after a change to its assignees or labels. */
export async function touchTask(ctx: ApplyContext, task: TaskRow): Promise<number> {
  await ctx.tx
    .update(tasks)
    .set({ version: sql`${tasks.version} + 1`, updatedAt: ctx.at })
    .where(and(eq(tasks.id, task.id), eq(tasks.version, task.version)));
  return task.version + 1;
}
