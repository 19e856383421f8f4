import { projectsOfUser } from '@raftboard/db/queries/projects';
import {
  countTasks,
  listTasks,
  subtasksOf,
  taskChildrenListedMax,
} from '@raftboard/db/queries/tasks';
import type { TaskRow } from '@raftboard/db/schema';
import { requireViewer } from '../auth/access.ts';
import { type BuilderTypes, builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput, notFound, unauthenticated } from '../errors.ts';
import { offsetConnection } from '../read/connection.ts';
import { Label } from './label.ts';
import { loadProject, Project } from './project.ts';
import { consistencyArgs, fence } from './read-consistency.ts';
import { Status } from './status.ts';
import {
  filterTextLengthMax,
  Priority,
  TaskFilter,
  TaskOrderInput,
  toDbFilter,
  toDbOrder,
} from './task-filter.ts';
import { User } from './user.ts';

/** A card on a board. */
export const Task = builder.objectRef<TaskRow>('Task');

/**
 * Connection type options: a description naming the `items` a page holds, and `totalCount`
 * (every connection here has one).
 */
export function totalCountConnection(items: string) {
  return {
    description: `A page of ${items}, with the total across all pages.`,
    fields: (t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, { totalCount: number }>) => ({
      totalCount: t.int({
        description: 'How many items match, across all pages.',
        resolve: (connection) => connection.totalCount,
      }),
    }),
  };
}

/** Edge type options: a description naming the `item` an edge holds. */
export function itemEdge(item: string) {
  return { description: `${item}, with its cursor.` };
}

/** Shortest `searchTasks` query. */
export const searchQueryLengthMin = 2;

/**
 * Live tasks the viewer may read, in `ids` order (null for the rest). Reads go through the
 * request's task loader, so every task asked for in one tick (events' tasks, parents) costs one
 * query together.
 */
export async function loadTasks(context: GraphQLContext, ids: readonly string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const row = await context.loaders.task.get(id);
      return row && (await context.access.canRead(row.projectId)) ? row : null;
    }),
  );
}

/** One readable live task, or NOT_FOUND (also for tasks of projects you are not in). */
export async function requireTask(context: GraphQLContext, id: string): Promise<TaskRow> {
  if (context.viewer === null) throw unauthenticated();
  const [task] = await loadTasks(context, [id]);
  if (!task) throw notFound('task not found');
  return task;
}

builder.node(Task, {
  description: [
    'A card on a board. `version` grows with every change: pass it as `expectedVersion` to',
    'refuse (CONFLICT) a change based on a stale copy. Deleted tasks read as null.',
  ].join(' '),
  id: { resolve: (task) => task.id },
  authScopes: (task, context) => context.access.canRead(task.projectId),
  loadMany: (ids, context) => loadTasks(context, ids),
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Title, 1 to 255 characters.' }),
    description: t.exposeString('description', {
      description: 'Markdown, at most 65,535 characters; empty when none was given.',
    }),
    priority: t.field({
      type: Priority,
      description: 'How urgent it is; NONE by default.',
      resolve: (task) => task.priorityId as never,
    }),
    dueDate: t.expose('dueDate', {
      type: 'Date',
      nullable: true,
      description: 'Day it is due; null when none.',
    }),
    startDate: t.expose('startDate', {
      type: 'Date',
      nullable: true,
      description: 'Day work is planned to start; null when none.',
    }),
    position: t.exposeString('position', {
      description: 'Sort key within its column: cards sort by it, byte-wise ascending.',
    }),
    version: t.exposeInt('version', {
      description: 'Starts at 1 and grows by one with every change to the task.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    startedAt: t.expose('startedAt', {
      type: 'DateTime',
      nullable: true,
      description: [
        'When it first entered a STARTED, COMPLETED or CANCELED column; null before that. It',
        'stays when the task moves back.',
      ].join(' '),
    }),
    completedAt: t.expose('completedAt', {
      type: 'DateTime',
      nullable: true,
      description: [
        'When it entered a COMPLETED or CANCELED column; null while it is in neither (moving',
        'it out clears it).',
      ].join(' '),
    }),
    status: t.field({
      type: Status,
      description: 'Its column.',
      resolve: async (task, _args, context) => {
        const status = await context.loaders.status.get(task.statusId);
        if (!status) throw notFound('status not found');
        return status;
      },
    }),
    project: t.field({
      type: Project,
      description: 'The project it belongs to.',
      resolve: async (task, _args, context) => {
        const project = await loadProject(context, task.projectId);
        if (!project) throw notFound('project not found');
        return project;
      },
    }),
    createdBy: t.field({
      type: User,
      nullable: true,
      description: 'Who created it; null when you cannot see them (no longer in your projects).',
      resolve: async (task, _args, context) =>
        (await context.access.canSeeUser(task.createdBy))
          ? context.loaders.user.get(task.createdBy)
          : null,
    }),
    assignees: t.field({
      type: [User],
      description: 'Project members working on it.',
      resolve: (task, _args, context) => context.loaders.assignees.get(task.id),
    }),
    labels: t.field({
      type: [Label],
      description: 'Labels it carries.',
      resolve: (task, _args, context) => context.loaders.labels.get(task.id),
    }),
    parent: t.field({
      type: Task,
      nullable: true,
      description: 'The task this is a subtask of; null for a top-level task.',
      resolve: async (task, _args, context) => {
        if (task.parentId === null) return null;
        const [parent] = await loadTasks(context, [task.parentId]);
        return parent ?? null;
      },
    }),
    subtasks: t.field({
      type: [Task],
      description: [
        `Its direct subtasks, in board order (at most ${taskChildrenListedMax}); subtasks nest`,
        'up to 5 deep.',
      ].join(' '),
      resolve: (task, _args, context) => subtasksOf(context.db, task.id),
    }),
  }),
});

builder.objectField(Project, 'tasks', (t) =>
  t.connection(
    {
      type: Task,
      description: [
        'The project’s tasks (not deleted), filtered and ordered, paged (default 50, at most',
        '100 a page).',
      ].join(' '),
      args: {
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
        const query = {
          projectIds: [project.id],
          filter: args.filter ? toDbFilter(args.filter) : undefined,
        };
        return offsetConnection(
          args,
          () => countTasks(context.db, query),
          (page) => listTasks(context.db, { ...query, order: toDbOrder(args.orderBy), ...page }),
        );
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
        'Tasks whose title or description contains `query` (case-insensitive), across all your',
        'projects, archived ones included. Paged like every connection. Needs a token.',
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
        return offsetConnection(
          args,
          () => countTasks(context.db, query),
          (page) => listTasks(context.db, { ...query, order, ...page }),
        );
      },
    },
    totalCountConnection('the tasks that match a search'),
    itemEdge('One matching task'),
  ),
);
