import { bulkUpdateTasksMax } from '@raftboard/db/commands';
import { builder } from '../../builder.ts';
import { invalidInput } from '../../errors.ts';
import { requestIdDescription } from '../../write/payload.ts';
import { Label } from '../label.ts';
import { Project } from '../project.ts';
import { Status } from '../status.ts';
import { User } from '../user.ts';
import { Priority, Task } from './types.ts';

/** `expectedVersion` of every task write. */
const expectedVersionDescription = [
  'Optimistic concurrency: the `version` you last read. CONFLICT when the task has changed',
  'since (`extensions.currentVersion` gives the version, when known). Omit it to write',
  'regardless.',
].join(' ');

const titleDescription = '1 to 255 characters (trimmed).';
const markdownDescription = 'Markdown, at most 65,535 characters.';

/** Input of `createTask`. */
export const CreateTaskInput = builder.inputType('CreateTaskInput', {
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

/** A partial task change, as `updateTask` and `bulkUpdateTasks` take it. */
export const TaskChanges = builder.inputType('TaskChanges', {
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

/** Input of `updateTask`. */
export const UpdateTaskInput = builder.inputType('UpdateTaskInput', {
  description: 'A partial change to one task.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task, description: 'The task.' }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    changes: t.field({ type: TaskChanges, required: true, description: 'What to change.' }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

/** Input of `moveTask`. */
export const MoveTaskInput = builder.inputType('MoveTaskInput', {
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

/** Input of `deleteTask`. */
export const DeleteTaskInput = builder.inputType('DeleteTaskInput', {
  description: 'The task to delete.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task, description: 'The task.' }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

/** Input of `assignTask` and `unassignTask`. */
export const AssignTaskInput = builder.inputType('AssignTaskInput', {
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

/** Input of `setTaskLabels`. */
export const SetTaskLabelsInput = builder.inputType('SetTaskLabelsInput', {
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

type Changes = typeof TaskChanges.$inferInput;

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

const BulkTaskUpdate = builder.inputType('BulkTaskUpdate', {
  description: 'One task’s change within a bulk update.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task, description: 'The task.' }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    changes: t.field({ type: TaskChanges, required: true, description: 'What to change.' }),
  }),
});

/** Input of `bulkUpdateTasks`. */
export const BulkUpdateTasksInput = builder.inputType('BulkUpdateTasksInput', {
  description: 'Changes to many tasks, applied together.',
  fields: (t) => ({
    updates: t.field({
      type: [BulkTaskUpdate],
      required: true,
      description: `1 to ${bulkUpdateTasksMax} updates, applied in order, all or nothing.`,
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});
