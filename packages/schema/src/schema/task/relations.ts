import { relationsOf, taskChildrenListedMax } from '@raftboard/db/queries/tasks';
import type { RelationRow } from '@raftboard/db/schema';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { requestIdDescription } from '../../write/payload.ts';
import { propose } from '../../write/propose.ts';
import { TaskPayload, taskPayload } from './mutations.ts';
import { loadTasks, requireTask, Task } from './types.ts';

const TaskRelationType = builder.enumType('TaskRelationType', {
  description: 'How two tasks are linked.',
  values: {
    BLOCKS: { value: 'blocks', description: '`task` blocks `relatedTask`.' },
    RELATES: {
      value: 'relates',
      description: 'Related, undirected: either task may be `task` when you read it back.',
    },
    DUPLICATES: { value: 'duplicates', description: '`task` duplicates `relatedTask`.' },
  } as const,
});

const TaskRelation = builder.objectRef<RelationRow>('TaskRelation').implement({
  description: 'A link between two tasks of one project, read as “task <type> relatedTask”.',
  fields: (t) => ({
    type: t.field({
      type: TaskRelationType,
      description: 'How they are linked.',
      resolve: (relation) => relation.type,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was linked.' }),
    task: t.field({
      type: Task,
      nullable: true,
      description: 'The subject of the link; null once deleted.',
      resolve: async (relation, _args, context) =>
        (await loadTasks(context, [relation.taskId]))[0] ?? null,
    }),
    relatedTask: t.field({
      type: Task,
      nullable: true,
      description: 'The object of the link; null once deleted.',
      resolve: async (relation, _args, context) =>
        (await loadTasks(context, [relation.relatedTaskId]))[0] ?? null,
    }),
  }),
});

builder.objectField(Task, 'relations', (t) =>
  t.field({
    type: [TaskRelation],
    description: `Links from and to this task, oldest first (at most ${taskChildrenListedMax}).`,
    resolve: (task, _args, context) => relationsOf(context.db, task.id),
  }),
);

const TaskRelationInput = builder.inputType('TaskRelationInput', {
  description: 'A link “task <type> relatedTask” between two tasks of one project.',
  fields: (t) => ({
    taskId: t.globalID({ required: true, for: Task, description: 'The subject.' }),
    relatedTaskId: t.globalID({
      required: true,
      for: Task,
      description: 'The object: another task of the same project.',
    }),
    type: t.field({ type: TaskRelationType, required: true, description: 'How.' }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

builder.mutationField('addTaskRelation', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Links two tasks of the same project; nothing changes when the link exists. Members and',
      'up; BAD_USER_INPUT for a task linked to itself or across projects. Answers with `task`.',
    ].join(' '),
    args: {
      input: t.arg({ type: TaskRelationInput, required: true, description: 'The link.' }),
    },
    resolve: (_root, { input }, context) => relationChange(context, 'task.addRelation', input),
  }),
);

builder.mutationField('removeTaskRelation', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Removes a link; nothing changes when it does not exist. Members and up. Answers with',
      '`task`.',
    ].join(' '),
    args: {
      input: t.arg({ type: TaskRelationInput, required: true, description: 'The link.' }),
    },
    resolve: (_root, { input }, context) => relationChange(context, 'task.removeRelation', input),
  }),
);

async function relationChange(
  context: GraphQLContext,
  type: 'task.addRelation' | 'task.removeRelation',
  input: {
    taskId: { id: string };
    relatedTaskId: { id: string };
    type: RelationRow['type'];
    requestId?: string | null | undefined;
  },
) {
  if (input.taskId.id === input.relatedTaskId.id)
    throw invalidInput('a task cannot link to itself');
  const task = await requireTask(context, input.taskId.id);
  await requireTask(context, input.relatedTaskId.id);
  await context.access.require(task.projectId, 'member');
  const committed = await propose(context, {
    type,
    payload: { taskId: task.id, relatedTaskId: input.relatedTaskId.id, type: input.type },
    requestId: input.requestId,
  });
  return taskPayload(context, committed.index, task.id);
}
