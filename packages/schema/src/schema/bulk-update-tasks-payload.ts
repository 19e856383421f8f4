import type { TaskRow } from '@raftboard/db/schema';

/** Bound on one bulk update (packages/db's task.bulkUpdate accepts at most 100). */
export const bulkUpdateTasksMax = 100;

import { requireViewer } from '../auth/access.ts';
import { builder } from '../builder.ts';
import { invalidInput, notFound } from '../errors.ts';
import { indexDescription, requestIdDescription, successDescription } from '../write/payload.ts';
import { once, propose } from '../write/propose.ts';
import { loadTasks, Task } from './task.ts';
import { commandChanges, expectedVersionDescription, TaskChanges } from './task-payload.ts';

const BulkTaskUpdate = builder.inputType('BulkTaskUpdate', {
  description: 'One task’s change within a bulk update.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task, description: 'The task.' }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    changes: t.field({ type: TaskChanges, required: true, description: 'What to change.' }),
  }),
});

const BulkUpdateTasksInput = builder.inputType('BulkUpdateTasksInput', {
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
