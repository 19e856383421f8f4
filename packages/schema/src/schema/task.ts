import { projectsOfUser } from '@raftboard/db/queries/projects';
import { countTasks, listTasks, subtasksOf, type TaskRow } from '@raftboard/db/queries/tasks';
import { requireViewer } from '../auth/access.ts';
import { type BuilderTypes, builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput, notFound, unauthenticated } from '../errors.ts';
import { offsetConnection } from '../read/connection.ts';
import { Label } from './label.ts';
import { loadProject, Project } from './project.ts';
import { consistencyArgs, fence } from './read-consistency.ts';
import { Status } from './status.ts';
import { Priority, TaskFilter, TaskOrderInput, toDbFilter, toDbOrder } from './task-filter.ts';
import { User } from './user.ts';

/** A card on a board. */
export const Task = builder.objectRef<TaskRow>('Task');

/** Connection type options that add `totalCount` (every connection here has one). */
export const totalCountConnection = {
  fields: (t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, { totalCount: number }>) => ({
    totalCount: t.int({
      description: 'How many items match, across all pages.',
      resolve: (connection) => connection.totalCount,
    }),
  }),
};

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
  description: 'A task. `version` grows with every change: pass it as `expectedVersion`.',
  id: { resolve: (task) => task.id },
  authScopes: (task, context) => context.access.canRead(task.projectId),
  loadMany: (ids, context) => loadTasks(context, ids),
  fields: (t) => ({
    title: t.exposeString('title'),
    description: t.exposeString('description', { description: 'Markdown.' }),
    priority: t.field({ type: Priority, resolve: (task) => task.priorityId as never }),
    dueDate: t.expose('dueDate', { type: 'Date', nullable: true }),
    startDate: t.expose('startDate', { type: 'Date', nullable: true }),
    position: t.exposeString('position', { description: 'Sort key within its column.' }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    status: t.field({
      type: Status,
      resolve: async (task, _args, context) => {
        const status = await context.loaders.status.get(task.statusId);
        if (!status) throw notFound('status not found');
        return status;
      },
    }),
    project: t.field({
      type: Project,
      resolve: async (task, _args, context) => {
        const project = await loadProject(context, task.projectId);
        if (!project) throw notFound('project not found');
        return project;
      },
    }),
    createdBy: t.field({
      type: User,
      nullable: true,
      resolve: async (task, _args, context) =>
        (await context.access.canSeeUser(task.createdBy))
          ? context.loaders.user.get(task.createdBy)
          : null,
    }),
    assignees: t.field({
      type: [User],
      resolve: (task, _args, context) => context.loaders.assignees.get(task.id),
    }),
    labels: t.field({
      type: [Label],
      resolve: (task, _args, context) => context.loaders.labels.get(task.id),
    }),
    parent: t.field({
      type: Task,
      nullable: true,
      resolve: async (task, _args, context) => {
        if (task.parentId === null) return null;
        const [parent] = await loadTasks(context, [task.parentId]);
        return parent ?? null;
      },
    }),
    subtasks: t.field({
      type: [Task],
      resolve: (task, _args, context) => subtasksOf(context.db, task.id),
    }),
  }),
});

builder.objectField(Project, 'tasks', (t) =>
  t.connection(
    {
      type: Task,
      description: 'The project’s live tasks, filtered and ordered (default: board order).',
      args: {
        filter: t.arg({ type: TaskFilter, required: false }),
        orderBy: t.arg({ type: TaskOrderInput, required: false }),
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
    totalCountConnection,
  ),
);

builder.queryField('task', (t) =>
  t.field({
    type: Task,
    nullable: true,
    description: 'One task; null when it does not exist, was deleted, or is not yours to see.',
    args: { ...consistencyArgs, id: t.arg.globalID({ required: true, for: Task }) },
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
      description: 'Tasks whose title or description contains `query`, across your projects.',
      args: {
        ...consistencyArgs,
        query: t.arg.string({ required: true }),
        filter: t.arg({ type: TaskFilter, required: false }),
        orderBy: t.arg({ type: TaskOrderInput, required: false }),
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
    totalCountConnection,
  ),
);
