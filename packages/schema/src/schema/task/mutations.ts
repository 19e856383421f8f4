import { bulkUpdateTasksMax } from '@raftboard/db/commands';
import { positionAfter, positionBetween } from '@raftboard/db/position';
import { neighbourPosition } from '@raftboard/db/queries/tasks';
import type { TaskRow } from '@raftboard/db/schema';
import { requireViewer } from '../../auth/access.ts';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { apiError, invalidInput, notFound } from '../../errors.ts';
import { fenceOnce } from '../../write/fence-on-refusal.ts';
import { indexDescription, payloadType, successDescription } from '../../write/payload.ts';
import { once, propose } from '../../write/propose.ts';
import { requireStatus } from '../status.ts';
import {
  AssignTaskInput,
  BulkUpdateTasksInput,
  CreateTaskInput,
  commandChanges,
  DeleteTaskInput,
  MoveTaskInput,
  SetTaskLabelsInput,
  UpdateTaskInput,
} from './inputs.ts';
import { loadTasks, requireTask, Task } from './types.ts';

/** `{ success, task, index }`: what every mutation of one task answers. */
export const TaskPayload = payloadType(
  'TaskPayload',
  'task',
  Task,
  'The task after the change.',
  'The task as this node has it right after the change; null after `deleteTask`.',
);

/** A task payload: the task as this node now has it. */
export async function taskPayload(context: GraphQLContext, index: number, taskId: string) {
  const [task] = await loadTasks(context, [taskId]);
  return { index, entity: task ?? null };
}

function conflictIfStale(task: TaskRow, expectedVersion: number | null | undefined) {
  if (expectedVersion != null && expectedVersion !== task.version) {
    throw apiError('CONFLICT', `task is at version ${task.version}, not ${expectedVersion}`, {
      currentVersion: task.version,
    });
  }
}

/** The task a member may change: it exists, the viewer is at least a member, it is not stale. */
async function editableTask(
  context: GraphQLContext,
  id: string,
  expectedVersion: number | null | undefined,
): Promise<TaskRow> {
  const task = await requireTask(context, id);
  await context.access.require(task.projectId, 'member');
  conflictIfStale(task, expectedVersion);
  return task;
}

/** Where a moved card goes: between its new neighbours, or last in the column. */
async function movePosition(
  context: GraphQLContext,
  column: { projectId: string; statusId: string },
  input: {
    afterTaskId?: { id: string } | null | undefined;
    beforeTaskId?: { id: string } | null | undefined;
  },
): Promise<string> {
  const db = context.db;
  if (input.afterTaskId) {
    const after = await requireTask(context, input.afterTaskId.id);
    const next = await neighbourPosition(db, column, { position: after.position, side: 'after' });
    return positionBetween(after.position, next);
  }
  if (input.beforeTaskId) {
    const before = await requireTask(context, input.beforeTaskId.id);
    const previous = await neighbourPosition(db, column, {
      position: before.position,
      side: 'before',
    });
    return positionBetween(previous, before.position);
  }
  return positionAfter(await neighbourPosition(db, column, { position: null, side: 'before' }));
}

builder.mutationField('createTask', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Creates a task at the bottom of its column. Members and up. BAD_USER_INPUT for an',
      'assignee who is not a member or a bad parent; NOT_FOUND for a label or status of',
      'another project.',
    ].join(' '),
    args: { input: t.arg({ type: CreateTaskInput, required: true, description: 'The task.' }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'member');
      // No column or position is read here: apply picks the default column and appends at
      // its bottom as of the entry, so no stale read can reach the command and no fence is due.
      const committed = await propose(context, {
        type: 'task.create',
        payload: {
          taskId: context.newId(),
          projectId,
          ...(input.statusId ? { statusId: input.statusId.id } : {}),
          title: input.title,
          description: input.description ?? '',
          priority: input.priority ?? 'none',
          dueDate: input.dueDate ?? null,
          startDate: input.startDate ?? null,
          parentId: input.parentId?.id ?? null,
          assigneeIds: (input.assigneeIds ?? []).map((ref) => ref.id),
          labelIds: (input.labelIds ?? []).map((ref) => ref.id),
        },
        requestId: input.requestId,
      });
      return taskPayload(context, committed.index, committed.id('taskId'));
    },
  }),
);

builder.mutationField('updateTask', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Changes some fields of a task. Members and up; CONFLICT when `expectedVersion` is',
      'stale.',
    ].join(' '),
    args: {
      input: t.arg({ type: UpdateTaskInput, required: true, description: 'The change.' }),
    },
    resolve: async (_root, { input }, context) => {
      const committed = await once(context, input.requestId, async () => {
        const task = await editableTask(context, input.id.id, input.expectedVersion);
        return propose(context, {
          type: 'task.update',
          payload: {
            taskId: task.id,
            ...(input.expectedVersion == null ? {} : { expectedVersion: input.expectedVersion }),
            changes: commandChanges(input.changes),
          },
          requestId: input.requestId,
        });
      });
      return taskPayload(context, committed.index, input.id.id);
    },
  }),
);

builder.mutationField('moveTask', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Moves a task to a column and a place in it (drag and drop). Members and up; CONFLICT',
      'when `expectedVersion` is stale.',
    ].join(' '),
    args: { input: t.arg({ type: MoveTaskInput, required: true, description: 'The move.' }) },
    resolve: async (_root, { input }, context) => {
      const committed = await once(context, input.requestId, async () => {
        const task = await editableTask(context, input.id.id, input.expectedVersion);
        const status = await requireStatus(context, input.statusId.id);
        // The position between the neighbours goes into the command as it is read.
        await fenceOnce(context);
        const column = { projectId: status.projectId, statusId: status.id };
        const position = await movePosition(context, column, input);
        return propose(context, {
          type: 'task.move',
          payload: {
            taskId: task.id,
            statusId: status.id,
            position,
            ...(input.expectedVersion == null ? {} : { expectedVersion: input.expectedVersion }),
          },
          requestId: input.requestId,
        });
      });
      return taskPayload(context, committed.index, input.id.id);
    },
  }),
);

builder.mutationField('deleteTask', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Deletes a task and all its subtasks. Members and up; CONFLICT when `expectedVersion` is',
      'stale. The payload’s `task` is null.',
    ].join(' '),
    args: {
      input: t.arg({ type: DeleteTaskInput, required: true, description: 'The task.' }),
    },
    resolve: async (_root, { input }, context) => {
      const committed = await once(context, input.requestId, async () => {
        const task = await editableTask(context, input.id.id, input.expectedVersion);
        return propose(context, {
          type: 'task.delete',
          payload: {
            taskId: task.id,
            ...(input.expectedVersion == null ? {} : { expectedVersion: input.expectedVersion }),
          },
          requestId: input.requestId,
        });
      });
      return { index: committed.index, entity: null };
    },
  }),
);

builder.mutationField('assignTask', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Assigns a project member to a task and notifies them; nothing changes when they already',
      'are. Members and up; BAD_USER_INPUT for someone who is not a member.',
    ].join(' '),
    args: {
      input: t.arg({ type: AssignTaskInput, required: true, description: 'Task and person.' }),
    },
    resolve: (_root, { input }, context) => assignment(context, 'task.assign', input),
  }),
);

builder.mutationField('unassignTask', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Unassigns someone from a task; nothing changes when they were not assigned. Members and',
      'up.',
    ].join(' '),
    args: {
      input: t.arg({ type: AssignTaskInput, required: true, description: 'Task and person.' }),
    },
    resolve: (_root, { input }, context) => assignment(context, 'task.unassign', input),
  }),
);

builder.mutationField('setTaskLabels', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Replaces the task’s labels with exactly these. Members and up; NOT_FOUND for a label of',
      'another project.',
    ].join(' '),
    args: {
      input: t.arg({ type: SetTaskLabelsInput, required: true, description: 'The labels.' }),
    },
    resolve: async (_root, { input }, context) => {
      const task = await requireTask(context, input.taskId.id);
      await context.access.require(task.projectId, 'member');
      const committed = await propose(context, {
        type: 'task.setLabels',
        payload: { taskId: task.id, labelIds: [...new Set(input.labelIds.map((ref) => ref.id))] },
        requestId: input.requestId,
      });
      return taskPayload(context, committed.index, task.id);
    },
  }),
);

async function assignment(
  context: GraphQLContext,
  type: 'task.assign' | 'task.unassign',
  input: { taskId: { id: string }; userId: { id: string }; requestId?: string | null | undefined },
) {
  const task = await requireTask(context, input.taskId.id);
  await context.access.require(task.projectId, 'member');
  const committed = await propose(context, {
    type,
    payload: { taskId: task.id, userId: input.userId.id },
    requestId: input.requestId,
  });
  return taskPayload(context, committed.index, task.id);
}

const BulkUpdateTasksPayload = builder
  .objectRef<{ index: number; tasks: TaskRow[] }>('BulkUpdateTasksPayload')
  .implement({
    description: 'The tasks after a bulk update.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      tasks: t.field({
        type: [Task],
        description: 'Each updated task as this node has it now, once each, in the order given.',
        resolve: (payload) => payload.tasks,
      }),
    }),
  });

builder.mutationField('bulkUpdateTasks', (t) =>
  t.field({
    type: BulkUpdateTasksPayload,
    description: [
      'Updates many tasks, possibly of several projects, in one log entry: all apply or none',
      'does, and the first failing update’s error (CONFLICT, NOT_FOUND…) is the answer. Needs',
      'the member role in every task’s project.',
    ].join(' '),
    args: {
      input: t.arg({ type: BulkUpdateTasksInput, required: true, description: 'The updates.' }),
    },
    resolve: async (_root, { input }, context) => {
      const count = input.updates.length;
      if (count === 0 || count > bulkUpdateTasksMax) {
        throw invalidInput(`give 1 to ${bulkUpdateTasksMax} updates`);
      }
      requireViewer(context.viewer, 'write');
      const ids = input.updates.map((update) => update.id.id);
      const committed = await once(context, input.requestId, async () => {
        const tasks = await loadTasks(context, ids);
        for (const task of tasks) {
          if (!task) throw notFound('a task in updates was not found');
          await context.access.require(task.projectId, 'member');
        }
        return propose(context, {
          type: 'task.bulkUpdate',
          payload: {
            updates: input.updates.map((update) => ({
              taskId: update.id.id,
              ...(update.expectedVersion == null
                ? {}
                : { expectedVersion: update.expectedVersion }),
              changes: commandChanges(update.changes),
            })),
          },
          requestId: input.requestId,
        });
      });
      const after = await loadTasks(context, [...new Set(ids)]);
      return { index: committed.index, tasks: after.filter((task) => task !== null) };
    },
  }),
);
