import { and, eq, inArray, isNull } from 'drizzle-orm';
import { positionAfter } from '../../position.ts';
import { neighbourPosition } from '../../queries/tasks.ts';
import { labels, taskLabels } from '../../schema/labels.ts';
import { taskAssignees, tasks } from '../../schema/tasks.ts';
import {
  defaultStatus,
  loadStatus,
  loadTaskForWrite,
  requireMembers,
  requireRole,
} from '../access.ts';
import type { ApplyContext } from '../apply-context.ts';
import type { CommandHandlers } from '../handler.ts';
import { reject } from '../outcome.ts';
import {
  checkParent,
  checkVersion,
  lifecycleTimestamps,
  subtaskDepthMax,
  updateTask,
} from '../task-changes.ts';

type TaskCommand = 'task.create' | 'task.update' | 'task.move' | 'task.delete' | 'task.bulkUpdate';

/** Rejects NOT_FOUND unless every label is one of the project's. */
export async function requireLabels(ctx: ApplyContext, projectId: string, labelIds: string[]) {
  if (labelIds.length === 0) return;
  const found = await ctx.tx
    .select({ id: labels.id })
    .from(labels)
    .where(and(eq(labels.projectId, projectId), inArray(labels.id, labelIds)));
  if (found.length !== new Set(labelIds).size) {
    reject('NOT_FOUND', `some labels are not in project ${projectId}`);
  }
}

/** Soft-deletes the live descendants of `taskId`, level by level; returns their ids. */
async function deleteDescendants(ctx: ApplyContext, taskId: string): Promise<string[]> {
  const deleted: string[] = [];
  let level = [taskId];
  for (let depth = 0; depth < subtaskDepthMax && level.length > 0; depth += 1) {
    const children = await ctx.tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(inArray(tasks.parentId, level), isNull(tasks.deletedAt)))
      .orderBy(tasks.id);
    level = children.map((child) => child.id);
    if (level.length === 0) break;
    await ctx.tx.update(tasks).set({ deletedAt: ctx.at }).where(inArray(tasks.id, level));
    deleted.push(...level);
  }
  return deleted;
}

/** Creating, changing, moving and deleting tasks; bulk updates are all or nothing. */
export const taskHandlers: CommandHandlers<TaskCommand> = {
  'task.create': async (ctx, p) => {
    await requireRole(ctx, p.projectId, 'member');
    const status = p.statusId
      ? await loadStatus(ctx, p.projectId, p.statusId)
      : await defaultStatus(ctx, p.projectId);
    const column = { projectId: status.projectId, statusId: status.id };
    // Unless given, the bottom of the column: after the neighbour before its end.
    const position =
      p.position ??
      positionAfter(await neighbourPosition(ctx.tx, column, { position: null, side: 'before' }));
    if (p.parentId !== null)
      await checkParent(ctx, { id: p.taskId, projectId: p.projectId }, p.parentId);
    const assigneeIds = [...new Set(p.assigneeIds)];
    const labelIds = [...new Set(p.labelIds)];
    await requireMembers(ctx, p.projectId, assigneeIds);
    await requireLabels(ctx, p.projectId, labelIds);
    const { taskId, priority, assigneeIds: _a, labelIds: _l, ...given } = p;
    const fields = { ...given, statusId: status.id, position };
    await ctx.tx.insert(tasks).values({
      id: taskId,
      ...fields,
      priorityId: priority,
      version: 1,
      createdBy: ctx.actor,
      createdAt: ctx.at,
      updatedAt: ctx.at,
      ...lifecycleTimestamps({ startedAt: null, completedAt: null }, status.category, ctx.at),
    });
    if (assigneeIds.length > 0) {
      await ctx.tx.insert(taskAssignees).values(
        assigneeIds.map((userId) => ({
          taskId,
          userId,
          assignedBy: ctx.actor,
          assignedAt: ctx.at,
        })),
      );
    }
    if (labelIds.length > 0) {
      await ctx.tx.insert(taskLabels).values(labelIds.map((labelId) => ({ taskId, labelId })));
    }
    ctx.emit({
      projectId: p.projectId,
      kind: 'task.created',
      entityType: 'task',
      entityId: taskId,
      payload: { ...fields, priority, assigneeIds, labelIds, version: 1 },
    });
    for (const userId of assigneeIds) {
      ctx.notify({
        userId,
        kind: 'task.assigned',
        projectId: p.projectId,
        taskId,
        payload: { title: p.title },
      });
    }
    return { taskId, version: 1 };
  },

  'task.update': (ctx, p) => updateTask(ctx, p, 'task.updated'),

  'task.move': (ctx, { taskId, expectedVersion, statusId, position }) =>
    updateTask(ctx, { taskId, expectedVersion, changes: { statusId, position } }, 'task.moved'),

  'task.delete': async (ctx, p) => {
    const { task } = await loadTaskForWrite(ctx, p.taskId);
    checkVersion(task, p.expectedVersion);
    await ctx.tx
      .update(tasks)
      .set({ deletedAt: ctx.at, version: task.version + 1, updatedAt: ctx.at })
      .where(eq(tasks.id, task.id));
    const descendantIds = await deleteDescendants(ctx, task.id);
    for (const id of [task.id, ...descendantIds]) {
      ctx.emit({
        projectId: task.projectId,
        kind: 'task.deleted',
        entityType: 'task',
        entityId: id,
        payload: id === task.id ? { title: task.title, descendantIds } : { parentDeleted: task.id },
      });
    }
    return { taskId: task.id, deletedTaskIds: [task.id, ...descendantIds] };
  },

  'task.bulkUpdate': async (ctx, p) => {
    const results = [];
    for (const update of p.updates) results.push(await updateTask(ctx, update, 'task.updated'));
    return { tasks: results };
  },
};
