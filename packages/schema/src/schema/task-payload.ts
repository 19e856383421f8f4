import { statusesOfProject } from '@raftboard/db/queries/projects';
import { neighbourPosition, type TaskRow } from '@raftboard/db/queries/tasks';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { apiError, invalidInput } from '../errors.ts';
import { payloadType } from '../write/payload.ts';
import { positionAfter, positionBetween } from '../write/position.ts';
import { once, propose } from '../write/propose.ts';
import { Label } from './label.ts';
import { Project } from './project.ts';
import { requireStatus, Status } from './status.ts';
import { loadTasks, requireTask, Task } from './task.ts';
import { Priority } from './task-filter.ts';
import { User } from './user.ts';

/** `{ success, task, index }`. */
export const TaskPayload = payloadType('TaskPayload', 'task', Task, 'The task after the change.');

const CreateTaskInput = builder.inputType('CreateTaskInput', {
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project }),
    statusId: t.globalID({ required: false, for: Status, description: 'Default: first column.' }),
    title: t.string({ required: true, description: '1 to 255 characters.' }),
    description: t.string({ required: false }),
    priority: t.field({ type: Priority, required: false }),
    dueDate: t.field({ type: 'Date', required: false }),
    startDate: t.field({ type: 'Date', required: false }),
    parentId: t.globalID({ required: false, for: Task, description: 'Makes it a subtask.' }),
    assigneeIds: t.globalIDList({ required: false, for: User }),
    labelIds: t.globalIDList({ required: false, for: Label }),
    requestId: t.string({ required: false, description: 'Makes a retry exactly-once.' }),
  }),
});

const taskChangeFields = builder.inputType('TaskChanges', {
  description: 'Fields to change; absent ones stay, `null` clears a nullable one.',
  fields: (t) => ({
    title: t.string({ required: false }),
    description: t.string({ required: false }),
    priority: t.field({ type: Priority, required: false }),
    dueDate: t.field({ type: 'Date', required: false }),
    startDate: t.field({ type: 'Date', required: false }),
    parentId: t.globalID({ required: false, for: Task }),
    statusId: t.globalID({ required: false, for: Status }),
  }),
});

const UpdateTaskInput = builder.inputType('UpdateTaskInput', {
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task }),
    expectedVersion: t.int({
      required: false,
      description: 'Fail with CONFLICT unless the task is still at this version.',
    }),
    changes: t.field({ type: taskChangeFields, required: true }),
    requestId: t.string({ required: false }),
  }),
});

const MoveTaskInput = builder.inputType('MoveTaskInput', {
  description: 'Moves a card to a column, after `afterTaskId` or before `beforeTaskId` (or last).',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task }),
    statusId: t.globalID({ required: true, for: Status }),
    afterTaskId: t.globalID({ required: false, for: Task }),
    beforeTaskId: t.globalID({ required: false, for: Task }),
    expectedVersion: t.int({ required: false }),
    requestId: t.string({ required: false }),
  }),
});

const DeleteTaskInput = builder.inputType('DeleteTaskInput', {
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task }),
    expectedVersion: t.int({ required: false }),
    requestId: t.string({ required: false }),
  }),
});

const AssignTaskInput = builder.inputType('AssignTaskInput', {
  fields: (t) => ({
    taskId: t.globalID({ required: true, for: Task }),
    userId: t.globalID({ required: true, for: User }),
    requestId: t.string({ required: false }),
  }),
});

const SetTaskLabelsInput = builder.inputType('SetTaskLabelsInput', {
  fields: (t) => ({
    taskId: t.globalID({ required: true, for: Task }),
    labelIds: t.globalIDList({ required: true, for: Label, description: 'The full new set.' }),
    requestId: t.string({ required: false }),
  }),
});

/** The GraphQL input of a partial task change. */
export const TaskChanges = taskChangeFields;
type Changes = typeof taskChangeFields.$inferInput;

/** The command's `changes` from GraphQL's: absent stays absent, null stays null. */
export function commandChanges(changes: Changes): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (key === 'parentId' || key === 'statusId') {
      result[key] = value === null ? null : (value as { id: string }).id;
    } else {
      result[key] = value;
    }
  }
  if (Object.keys(result).length === 0) throw invalidInput('changes is empty');
  if (result.title === null || result.priority === null || result.statusId === null) {
    throw invalidInput('title, priority and statusId cannot be null');
  }
  return result;
}

async function firstStatusId(context: GraphQLContext, projectId: string): Promise<string> {
  const statuses = await statusesOfProject(context.db, projectId);
  const open = statuses.find((s) => s.category === 'unstarted') ?? statuses[0];
  if (!open) throw invalidInput('the project has no statuses');
  return open.id;
}

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
  statusId: string,
  input: {
    afterTaskId?: { id: string } | null | undefined;
    beforeTaskId?: { id: string } | null | undefined;
  },
): Promise<string> {
  const db = context.db;
  if (input.afterTaskId) {
    const after = await requireTask(context, input.afterTaskId.id);
    const next = await neighbourPosition(db, statusId, { position: after.position, side: 'after' });
    return positionBetween(after.position, next);
  }
  if (input.beforeTaskId) {
    const before = await requireTask(context, input.beforeTaskId.id);
    const previous = await neighbourPosition(db, statusId, {
      position: before.position,
      side: 'before',
    });
    return positionBetween(previous, before.position);
  }
  return positionAfter(await neighbourPosition(db, statusId, { position: null, side: 'before' }));
}

builder.mutationField('createTask', (t) =>
  t.field({
    type: TaskPayload,
    description: 'Creates a task at the bottom of its column (members).',
    args: { input: t.arg({ type: CreateTaskInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'member');
      const statusId = input.statusId?.id ?? (await firstStatusId(context, projectId));
      const last = await neighbourPosition(context.db, statusId, {
        position: null,
        side: 'before',
      });
      const committed = await propose(context, {
        type: 'task.create',
        payload: {
          taskId: context.newId(),
          projectId,
          statusId,
          title: input.title,
          description: input.description ?? '',
          priority: input.priority ?? 'none',
          dueDate: input.dueDate ?? null,
          startDate: input.startDate ?? null,
          position: positionAfter(last),
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
    description: 'Changes some fields of a task; CONFLICT when `expectedVersion` is stale.',
    args: { input: t.arg({ type: UpdateTaskInput, required: true }) },
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
    description: 'Moves a task to a column and a place in it (members).',
    args: { input: t.arg({ type: MoveTaskInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const committed = await once(context, input.requestId, async () => {
        const task = await editableTask(context, input.id.id, input.expectedVersion);
        const status = await requireStatus(context, input.statusId.id);
        return propose(context, {
          type: 'task.move',
          payload: {
            taskId: task.id,
            statusId: status.id,
            position: await movePosition(context, status.id, input),
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
    description: 'Deletes a task and its subtasks (members). `task` is null afterwards.',
    args: { input: t.arg({ type: DeleteTaskInput, required: true }) },
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
    description: 'Adds an assignee (a project member); notifies them.',
    args: { input: t.arg({ type: AssignTaskInput, required: true }) },
    resolve: (_root, { input }, context) => assignment(context, 'task.assign', input),
  }),
);

builder.mutationField('unassignTask', (t) =>
  t.field({
    type: TaskPayload,
    description: 'Removes an assignee.',
    args: { input: t.arg({ type: AssignTaskInput, required: true }) },
    resolve: (_root, { input }, context) => assignment(context, 'task.unassign', input),
  }),
);

builder.mutationField('setTaskLabels', (t) =>
  t.field({
    type: TaskPayload,
    description: 'Replaces the task’s labels with exactly these (labels of its project).',
    args: { input: t.arg({ type: SetTaskLabelsInput, required: true }) },
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
