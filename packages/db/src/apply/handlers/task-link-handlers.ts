import { and, eq, inArray } from 'drizzle-orm';
import { taskLabels } from '../../schema/labels.ts';
import { type TaskRelationType, taskAssignees, taskRelations } from '../../schema/tasks.ts';
import { loadTask, loadTaskForWrite, requireMembers } from '../access.ts';
import type { ApplyContext } from '../apply-context.ts';
import type { CommandHandlers } from '../handler.ts';
import { reject } from '../outcome.ts';
import { touchTask } from '../task-changes.ts';
import { requireLabels } from './task-handlers.ts';

type TaskLinkCommand =
  | 'task.assign'
  | 'task.unassign'
  | 'task.setLabels'
  | 'task.addRelation'
  | 'task.removeRelation';

function taskEvent(projectId: string, taskId: string, kind: string, payload: object) {
  return { projectId, kind, entityType: 'task', entityId: taskId, payload: { ...payload } };
}

async function isAssigned(ctx: ApplyContext, taskId: string, userId: string) {
  const [row] = await ctx.tx
    .select({ userId: taskAssignees.userId })
    .from(taskAssignees)
    .where(and(eq(taskAssignees.taskId, taskId), eq(taskAssignees.userId, userId)));
  return row !== undefined;
}

/** The stored key of a relation: `relates` is undirected, kept from the smaller id. */
function relationKey(p: { taskId: string; relatedTaskId: string; type: TaskRelationType }) {
  if (p.type !== 'relates' || p.taskId < p.relatedTaskId) return p;
  return { ...p, taskId: p.relatedTaskId, relatedTaskId: p.taskId };
}

async function loadRelationTasks(ctx: ApplyContext, p: { taskId: string; relatedTaskId: string }) {
  if (p.taskId === p.relatedTaskId) reject('INVALID', 'a task cannot relate to itself');
  const { task } = await loadTaskForWrite(ctx, p.taskId);
  const related = await loadTask(ctx, p.relatedTaskId);
  if (related.projectId !== task.projectId) reject('INVALID', 'related tasks share a project');
  return task;
}

/** Assignees, labels and links between tasks. Each changes the task's version. */
export const taskLinkHandlers: CommandHandlers<TaskLinkCommand> = {
  'task.assign': async (ctx, { taskId, userId }) => {
    const { task } = await loadTaskForWrite(ctx, taskId);
    await requireMembers(ctx, task.projectId, [userId]);
    if (await isAssigned(ctx, taskId, userId)) return { taskId, version: task.version };
    await ctx.tx.insert(taskAssignees).values({
      taskId,
      userId,
      assignedBy: ctx.actor,
      assignedAt: ctx.at,
    });
    const version = await touchTask(ctx, task);
    ctx.emit(taskEvent(task.projectId, taskId, 'task.assigned', { userId, version }));
    ctx.notify({
      userId,
      kind: 'task.assigned',
      projectId: task.projectId,
      taskId,
      payload: { title: task.title },
    });
    return { taskId, version };
  },

  'task.unassign': async (ctx, { taskId, userId }) => {
    const { task } = await loadTaskForWrite(ctx, taskId);
    if (!(await isAssigned(ctx, taskId, userId))) return { taskId, version: task.version };
    await ctx.tx
      .delete(taskAssignees)
      .where(and(eq(taskAssignees.taskId, taskId), eq(taskAssignees.userId, userId)));
    const version = await touchTask(ctx, task);
    ctx.emit(taskEvent(task.projectId, taskId, 'task.unassigned', { userId, version }));
    return { taskId, version };
  },

  'task.setLabels': async (ctx, p) => {
    const { task } = await loadTaskForWrite(ctx, p.taskId);
    const wanted = [...new Set(p.labelIds)].sort();
    await requireLabels(ctx, task.projectId, wanted);
    const rows = await ctx.tx
      .select({ labelId: taskLabels.labelId })
      .from(taskLabels)
      .where(eq(taskLabels.taskId, task.id));
    const current = new Set(rows.map((row) => row.labelId));
    const added = wanted.filter((id) => !current.has(id));
    const removed = [...current].filter((id) => !wanted.includes(id)).sort();
    if (added.length === 0 && removed.length === 0)
      return { taskId: task.id, version: task.version };
    if (removed.length > 0) {
      await ctx.tx
        .delete(taskLabels)
        .where(and(eq(taskLabels.taskId, task.id), inArray(taskLabels.labelId, removed)));
    }
    if (added.length > 0) {
      await ctx.tx
        .insert(taskLabels)
        .values(added.map((labelId) => ({ taskId: task.id, labelId })));
    }
    const version = await touchTask(ctx, task);
    ctx.emit(taskEvent(task.projectId, task.id, 'task.labelsChanged', { added, removed, version }));
    return { taskId: task.id, version };
  },

  'task.addRelation': async (ctx, p) => {
    const task = await loadRelationTasks(ctx, p);
    const key = relationKey(p);
    const [existing] = await ctx.tx
      .select({ type: taskRelations.type })
      .from(taskRelations)
      .where(
        and(
          eq(taskRelations.taskId, key.taskId),
          eq(taskRelations.relatedTaskId, key.relatedTaskId),
          eq(taskRelations.type, key.type),
        ),
      );
    if (existing) return { taskId: p.taskId, added: false };
    await ctx.tx.insert(taskRelations).values({ ...key, createdBy: ctx.actor, createdAt: ctx.at });
    ctx.emit(taskEvent(task.projectId, p.taskId, 'task.relationAdded', p));
    return { taskId: p.taskId, added: true };
  },

  'task.removeRelation': async (ctx, p) => {
    const task = await loadRelationTasks(ctx, p);
    const key = relationKey(p);
    const [result] = await ctx.tx
      .delete(taskRelations)
      .where(
        and(
          eq(taskRelations.taskId, key.taskId),
          eq(taskRelations.relatedTaskId, key.relatedTaskId),
          eq(taskRelations.type, key.type),
        ),
      );
    if (result.affectedRows > 0) {
      ctx.emit(taskEvent(task.projectId, p.taskId, 'task.relationRemoved', p));
    }
    return { taskId: p.taskId, removed: result.affectedRows > 0 };
  },
};
