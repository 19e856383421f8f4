import type { TaskRow } from '@raftboard/db/queries/tasks';

/** Bound on one bulk update (packages/db's task.bulkUpdate accepts at most 100). */
export const bulkUpdateTasksMax = 100;

import { requireViewer } from '../auth/access.ts';
import { builder } from '../builder.ts';
import { invalidInput, notFound } from '../errors.ts';
import { once, propose } from '../write/propose.ts';
import { loadTasks, Task } from './task.ts';
import { commandChanges, TaskChanges } from './task-payload.ts';

const BulkTaskUpdate = builder.inputType('BulkTaskUpdate', {
  fields: (t) => ({
    id: t.globalID({ required: true, for: Task }),
    expectedVersion: t.int({ required: false }),
    changes: t.field({ type: TaskChanges, required: true }),
  }),
});

const BulkUpdateTasksInput = builder.inputType('BulkUpdateTasksInput', {
  fields: (t) => ({
    updates: t.field({
      type: [BulkTaskUpdate],
      required: true,
      description: `1 to ${bulkUpdateTasksMax} updates, applied all or nothing.`,
    }),
    requestId: t.string({ required: false }),
  }),
});

const BulkUpdateTasksPayload = builder
  .objectRef<{ index: number; tasks: TaskRow[] }>('BulkUpdateTasksPayload')
  .implement({
    fields: (t) => ({
      success: t.boolean({ resolve: () => true }),
      index: t.exposeInt('index'),
      tasks: t.field({ type: [Task], resolve: (payload) => payload.tasks }),
    }),
  });

builder.mutationField('bulkUpdateTasks', (t) =>
  t.field({
    type: BulkUpdateTasksPayload,
    description: 'Updates many tasks in one log entry: all apply, or none (first error wins).',
    args: { input: t.arg({ type: BulkUpdateTasksInput, required: true }) },
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
