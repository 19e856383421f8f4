import { importTasksBytesMax, importTasksMax } from '@raftboard/db/commands';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { requestIdDescription } from '../../write/payload.ts';
import { Label } from '../label.ts';
import { Project } from '../project.ts';
import { Status } from '../status.ts';
import { User } from '../user.ts';
import {
  type ImportedTaskCommand,
  ImportTasksPayload,
  proposeTaskImport,
} from './import-proposal.ts';
import { Priority } from './types.ts';

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

type ImportedTask = typeof ImportedTaskInput.$inferInput;

/** One imported task as the `task.import` command carries it. */
function commandTask(task: ImportedTask): ImportedTaskCommand {
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

function importTasks(context: GraphQLContext, input: typeof ImportTasksInput.$inferInput) {
  return proposeTaskImport(context, {
    projectId: input.projectId.id,
    requestId: input.requestId,
    validate: async () => input.tasks.map(commandTask),
  });
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

// CSV import and export build on importTasks' proposal; registered here so that schema/index.ts
// keeps importing one module per task concern.
import './csv.ts';
