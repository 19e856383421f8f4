import { type CommandInput, importTasksMax } from '@raftboard/db/commands';
import type { TaskRow } from '@raftboard/db/schema';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { apiError, invalidInput } from '../../errors.ts';
import { indexDescription, successDescription } from '../../write/payload.ts';
import { type Committed, once, propose } from '../../write/propose.ts';
import { loadTasks, Task } from './types.ts';

/** The payload of a `task.import` command, as a proposer builds it. */
type TaskImportPayload = Extract<CommandInput, { type: 'task.import' }>['payload'];

/** One task of a `task.import` command: what `importTasks` and `importTasksCsv` both build. */
export type ImportedTaskCommand = TaskImportPayload['tasks'][number];

/** What an import answers: the log index and the created task ids, in the order given. */
export interface ImportOutcome {
  index: number;
  taskIds: string[];
}

/** The payload of `importTasks` and `importTasksCsv`. */
export const ImportTasksPayload = builder.objectRef<ImportOutcome>('ImportTasksPayload').implement({
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

/** The ids apply returned; CONFLICT when the requestId belonged to another operation. */
function importOutcome(committed: Committed): ImportOutcome {
  const { taskIds } = committed.result;
  if (!Array.isArray(taskIds)) {
    throw apiError('CONFLICT', 'this requestId was already used for another operation');
  }
  return { index: committed.index, taskIds: taskIds as string[] };
}

/**
 * The one way an import is proposed, whatever it was read from: members and up, 1 to
 * `importTasksMax` tasks, one `task.import` entry, all or none. `validate` runs after the access
 * check and before the proposal, and builds the tasks (it throws to refuse them). A retry with
 * an applied requestId answers the first outcome without validating again: the tasks it
 * created may have changed what validation would now say.
 */
export async function proposeTaskImport(
  context: GraphQLContext,
  options: {
    projectId: string;
    requestId: string | null | undefined;
    validate: () => Promise<ImportedTaskCommand[]>;
  },
): Promise<ImportOutcome> {
  const { projectId, requestId } = options;
  await context.access.require(projectId, 'member');
  const committed = await once(context, requestId, async () => {
    const tasks = await options.validate();
    if (tasks.length === 0 || tasks.length > importTasksMax) {
      throw invalidInput(`give 1 to ${importTasksMax} tasks; split a larger import`);
    }
    // Columns and positions are not read here: apply appends each task at the bottom of its
    // column as of the entry, as it does for createTask.
    return propose(context, { type: 'task.import', payload: { projectId, tasks }, requestId });
  });
  return importOutcome(committed);
}
