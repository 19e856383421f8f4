import { projectsOfUser } from '@raftboard/db/queries/projects';
import { listTaskPage } from '@raftboard/db/queries/task-pages';
import { countTasks, type TaskOrder, type TaskQuery } from '@raftboard/db/queries/tasks';
import { requireViewer } from '../../auth/access.ts';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import {
  type ConnectionArgs,
  itemEdge,
  keysetConnection,
  totalCountConnection,
} from '../../read/connection.ts';
import { Project } from '../project.ts';
import { consistencyArgs, fence } from '../read-consistency.ts';
import { Status } from '../status.ts';
import {
  filterTextLengthMax,
  TaskFilter,
  TaskOrderInput,
  toDbFilter,
  toDbOrder,
} from './filter.ts';
import { loadTasks, Task } from './types.ts';

/** Shortest `searchTasks` query. */
export const searchQueryLengthMin = 2;

/**
 * A connection of tasks paged by keyset (see @raftboard/db/queries/task-pages): each page reads
 * along the order's index from the cursor on, and the count runs only when asked for.
 */
function taskConnection(
  context: GraphQLContext,
  args: ConnectionArgs,
  query: TaskQuery & { order: TaskOrder },
) {
  return keysetConnection(args, {
    order: `${query.order.field}:${query.order.direction}`,
    totalCount: () => countTasks(context.db, query),
    load: async (page) => {
      const rows = await listTaskPage(context.db, { ...query, ...page });
      return rows.map((row) => ({ node: row.task, keyset: row.keyset }));
    },
  });
}

builder.objectField(Project, 'tasks', (t) =>
  t.connection(
    {
      type: Task,
      description: [
        'The project’s tasks (not deleted), filtered and ordered, paged (default 50, at most',
        '100 a page) by cursor: every page costs the same however deep. A board asks for each',
        'column with `statusId`.',
      ].join(' '),
      args: {
        statusId: t.arg.globalID({
          required: false,
          for: Status,
          description: 'Only the tasks of this column (a status of the project). Default: all.',
        }),
        filter: t.arg({
          type: TaskFilter,
          required: false,
          description: 'Only tasks that match. Default: all.',
        }),
        orderBy: t.arg({
          type: TaskOrderInput,
          required: false,
          description: 'Default: board order (column, then card).',
        }),
      },
      resolve: (project, args, context) => {
        return taskConnection(context, args, {
          projectIds: [project.id],
          statusId: args.statusId?.id,
          filter: args.filter ? toDbFilter(args.filter) : undefined,
          order: toDbOrder(args.orderBy),
        });
      },
    },
    totalCountConnection('a project’s tasks'),
    itemEdge('One task'),
  ),
);

builder.queryField('task', (t) =>
  t.field({
    type: Task,
    nullable: true,
    description: 'One task; null when it does not exist, was deleted, or is not yours to see.',
    args: {
      ...consistencyArgs,
      id: t.arg.globalID({ required: true, for: Task, description: 'The task’s id.' }),
    },
    resolve: async (_root, args, context) => {
      await fence(context, args);
      const [task] = await loadTasks(context, [args.id.id]);
      return task ?? null;
    },
  }),
);

builder.queryField('searchTasks', (t) =>
  t.connection(
    {
      type: Task,
      description: [
        'Tasks whose title or description has every word of `query` (case-insensitive; words of',
        '3+ letters match word starts, shorter ones and common stopwords match anywhere), across',
        'all your projects, archived ones included. Paged like every connection. Needs a token.',
      ].join(' '),
      args: {
        ...consistencyArgs,
        query: t.arg.string({
          required: true,
          description: [
            `The text to find: ${searchQueryLengthMin} to ${filterTextLengthMax} characters once`,
            'trimmed.',
          ].join(' '),
        }),
        filter: t.arg({
          type: TaskFilter,
          required: false,
          description: 'Narrows the matches further. Default: none.',
        }),
        orderBy: t.arg({
          type: TaskOrderInput,
          required: false,
          description: 'Default: most recently updated first.',
        }),
      },
      resolve: async (_root, args, context) => {
        const viewer = requireViewer(context.viewer, 'read');
        await fence(context, args);
        const needle = args.query.trim();
        if (needle.length < searchQueryLengthMin) {
          throw invalidInput(`query must be at least ${searchQueryLengthMin} characters`);
        }
        const projects = await projectsOfUser(context.db, viewer.userId, { includeArchived: true });
        const textFilter = toDbFilter({ text: needle });
        const query = {
          projectIds: projects.map((row) => row.project.id),
          filter: args.filter ? { and: [textFilter, toDbFilter(args.filter)] } : textFilter,
        };
        const order = args.orderBy
          ? toDbOrder(args.orderBy)
          : ({ field: 'updated', direction: 'desc' } as const);
        return taskConnection(context, args, { ...query, order });
      },
    },
    totalCountConnection('the tasks that match a search'),
    itemEdge('One matching task'),
  ),
);
