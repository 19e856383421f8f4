import { statusesOfProject } from '@raftboard/db/queries/projects';
import { neighbourPosition } from '@raftboard/db/queries/tasks';
import type { TaskRow } from '@raftboard/db/schema';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { apiError, invalidInput } from '../errors.ts';
import { payloadType, requestIdDescription } from '../write/payload.ts';
import { positionAfter, positionBetween } from '../write/position.ts';
import { once, propose } from '../write/propose.ts';
import { Label } from './label.ts';
import { Project } from './project.ts';
import { requireStatus, Status } from './status.ts';
import { loadTasks, requireTask, Task } from './task.ts';
import { Priority } from './task-filter.ts';
import { User } from './user.ts';

/** `{ success, task, index }`. */
export const TaskPayload = payloadType(
  'TaskPayload',
  'task',
  Task,
  'The task after the change.',
  'The task as this node has it right after the change; null after `deleteTask`.',
);

/** `expectedVersion` of every task write. */
export const expectedVersionDescription = [
  'Optimistic concurrency: the `version` you last read. CONFLICT when the task has changed',
  'since (`extensions.currentVersion` gives the version, when known). Omit it to write',
  'regardless.',
].join(' ');

const titleDescription = '1 to 255 characters (trimmed).';
const markdownDescription = 'Markdown, at most 65,535 characters.';

const CreateTaskInput = builder.inputType('CreateTaskInput', {
  description: 'A new task, placed at the bottom of its column.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: 'The project.' }),
    statusId: t.globalID({
      required: false,
      for: Status,
      description: [
        'Its column, a status of the project. Default: the first UNSTARTED column (else the',
        'first column).',
      ].join(' '),
    }),
    title: t.string({ required: true, description: titleDescription }),
    description: t.string({
      required: false,
      description: `${markdownDescription} Default: empty.`,
    }),
    priority: t.field({ type: Priority, required: false, description: 'Default: NONE.' }),
    dueDate: t.field({ type: 'Date', required: false, description: 'Day it is due.' }),
    startDate: t.field({ type: 'Date', required: false, description: 'Day work should start.' }),
    parentId: t.globalID({
      required: false,
      for: Task,
      description: 'Makes it a subtask of this task of the same project (5 levels at most).',
    }),
    assigneeIds: t.globalIDList({
      required: false,
      for: User,
      description: 'Up to 20 project members to assign; each is notified.',
    }),
    labelIds: t.globalIDList({
      required: false,
      for: Label,
      description: 'Up to 50 labels of the project.',
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const taskChangeFields = builder.inputType('TaskChanges', {
  description: [
    'Fields to change: absent ones stay as they are, `null` clears dueDate, startDate or',
    'parentId (title, priority and statusId cannot be null). Give at least one.',
  ].join(' '),
  fields: (t) => ({
    title: t.string({ required: false, description: `New title, ${titleDescription}` }),
    description: t.string({ required: false, description: `New ${markdownDescription}` }),
    priority: t.field({ type: Priority, required: false, description: 'New priority.' }),
    dueDate: t.field({ type: 'Date', required: false, description: 'New due day; null clears.' }),
    startDate: t.field({
      type: 'Date',
      required: false,
      description: 'New start day; null clears.',
    }),
    parentId: t.globalID({
      required: false,
      for: Task,
      description: [
        'New parent, a task of the same project (no cycles, 5 levels at most); null makes it',
        'top-level.',
      ].join(' '),
    }),
    statusId: t.globalID({
      required: false,
      for: Status,
      description: [
        'Moves it to this column of the project, keeping its sort key; use `moveTask` to',
        'choose its place.',
      ].join(' '),
    }),
  }),
});

const UpdateTaskInput = builder.inputType('UpdateTaskInput', {
  description: 'A partial change to one task.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task, description: 'The task.' }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    changes: t.field({ type: taskChangeFields, required: true, description: 'What to change.' }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const MoveTaskInput = builder.inputType('MoveTaskInput', {
  description: [
    'Moves a card to a column: right after `afterTaskId`, else right before `beforeTaskId`,',
    'else last.',
  ].join(' '),
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task, description: 'The task to move.' }),
    statusId: t.globalID({
      required: true,
      for: Status,
      description: 'The target column, a status of the task’s project (may be its own).',
    }),
    afterTaskId: t.globalID({
      required: false,
      for: Task,
      description: 'Place it right after this card of the target column (wins over before).',
    }),
    beforeTaskId: t.globalID({
      required: false,
      for: Task,
      description: 'Place it right before this card of the target column.',
    }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const DeleteTaskInput = builder.inputType('DeleteTaskInput', {
  description: 'The task to delete.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task, description: 'The task.' }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const AssignTaskInput = builder.inputType('AssignTaskInput', {
  description: 'A task and a person to (un)assign.',
  fields: (t) => ({
    taskId: t.globalID({ required: true, for: Task, description: 'The task.' }),
    userId: t.globalID({
      required: true,
      for: User,
      description: 'The person; to assign, a member of the task’s project.',
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const SetTaskLabelsInput = builder.inputType('SetTaskLabelsInput', {
  description: 'The complete set of labels a task should carry.',
  fields: (t) => ({
    taskId: t.globalID({ required: true, for: Task, description: 'The task.' }),
    labelIds: t.globalIDList({
      required: true,
      for: Label,
      description: 'The full new set, up to 50 labels of the task’s project; [] removes all.',
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
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
    description: [
      'Creates a task at the bottom of its column. Members and up. BAD_USER_INPUT for an',
      'assignee who is not a member or a bad parent; NOT_FOUND for a label or status of',
      'another project.',
    ].join(' '),
    args: { input: t.arg({ type: CreateTaskInput, required: true, description: 'The task.' }) },
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
