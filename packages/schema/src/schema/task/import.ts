import { importTasksBytesMax, importTasksMax } from '@raftboard/db/commands';
import type { TaskRow } from '@raftboard/db/schema';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { apiError, invalidInput } from '../../errors.ts';
import { indexDescription, requestIdDescription, successDescription } from '../../write/payload.ts';
import { propose } from '../../write/propose.ts';
import { Label } from '../label.ts';
import { Project } from '../project.ts';
import { Status } from '../status.ts';
import { User } from '../user.ts';
import { loadTasks, Priority, Task } from './types.ts';

const ImportedTaskInput = builder.inputType('ImportedTaskInput', {
  description: 'One task of an import: the fields of `createTask` a spreadsheet row can carry.',
  fields: (t) => ({
    title: t.string({ required: true, description: '1 to 255 characters (trimmed).' }),
    description: t.string({
      required: false,
      description: 'Markdown, at most 65,535 characters. Default: empty.',
    }),
    statusId: t.globalID({
      required: false,
      for: Status,
      description: 'Its column. Default: the first UNSTARTED column (else the first column).',
    }),
    priority: t.field({ type: Priority, required: false, description: 'Default: NONE.' }),
    dueDate: t.field({ type: 'Date', required: false, description: 'Day it is due.' }),
    labelIds: t.globalIDList({
      required: false,
      for: Label,
      description: 'Up to 50 labels of the project.',
    }),
    assigneeIds: t.globalIDList({
      required: false,
      for: User,
      description: 'Up to 20 project members to assign (they are not notified).',
    }),
  }),
});

const ImportTasksInput = builder.inputType('ImportTasksInput', {
  description: 'Tasks to create together in one project.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: 'The project.' }),
    tasks: t.field({
      type: [ImportedTaskInput],
      required: true,
      description: [
        `1 to ${importTasksMax} tasks, at most ${importTasksBytesMax} bytes as JSON; each goes`,
        'to the bottom of its column, in this order.',
      ].join(' '),
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const ImportTasksPayload = builder
  .objectRef<{ index: number; taskIds: string[] }>('ImportTasksPayload')
  .implement({
    description: 'The tasks an import created.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      count: t.int({
        description: 'How many tasks were created.',
        resolve: (payload) => payload.taskIds.length,
      }),
      tasks: t.field({
        type: [Task],
        description: 'The created tasks as this node has them now, in the order given.',
        resolve: async (payload, _args, context) => {
          const rows = await loadTasks(context, payload.taskIds);
          return rows.filter((row): row is TaskRow => row !== null);
        },
      }),
    }),
  });

type ImportedTask = typeof ImportedTaskInput.$inferInput;

/** One imported task as the `task.import` command carries it. */
function commandTask(task: ImportedTask) {
  return {
    title: task.title,
    description: task.description ?? '',
    ...(task.statusId ? { statusId: task.statusId.id } : {}),
    priority: task.priority ?? 'none',
    dueDate: task.dueDate ?? null,
    assigneeIds: (task.assigneeIds ?? []).map((ref) => ref.id),
    labelIds: (task.labelIds ?? []).map((ref) => ref.id),
  };
}

/** The ids apply returned; CONFLICT when the requestId belonged to another operation. */
function importedIds(result: Record<string, unknown>): string[] {
  const { taskIds } = result;
  if (!Array.isArray(taskIds)) {
    throw apiError('CONFLICT', 'this requestId was already used for another operation');
  }
  return taskIds as string[];
}

async function importTasks(context: GraphQLContext, input: typeof ImportTasksInput.$inferInput) {
  const count = input.tasks.length;
  if (count === 0 || count > importTasksMax) {
    throw invalidInput(`give 1 to ${importTasksMax} tasks; split a larger import`);
  }
  const projectId = input.projectId.id;
  await context.access.require(projectId, 'member');
  // Columns and positions are not read here: apply appends each task at the bottom of its
  // column as of the entry, as it does for createTask.
  const committed = await propose(context, {
    type: 'task.import',
    payload: { projectId, tasks: input.tasks.map(commandTask) },
    requestId: input.requestId,
  });
  return { index: committed.index, taskIds: importedIds(committed.result) };
}

builder.mutationField('importTasks', (t) =>
  t.field({
    type: ImportTasksPayload,
    description: [
      `Creates up to ${importTasksMax} tasks of one project in one log entry, all or none: the`,
      'base of bulk loads and CSV import. Members and up. Each task goes to the bottom of its',
      'column in the order given, and subscribers get a task.created event for each.',
      'BAD_USER_INPUT for too many tasks, too many bytes, a bad field (its path is in',
      '`extensions.issues`) or an assignee who is not a member; NOT_FOUND for a label or status',
      'of another project.',
    ].join(' '),
    args: {
      input: t.arg({ type: ImportTasksInput, required: true, description: 'The tasks.' }),
    },
    resolve: (_root, { input }, context) => importTasks(context, input),
  }),
);
