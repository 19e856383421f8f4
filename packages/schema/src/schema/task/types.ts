import { subtasksOf, taskChildrenListedMax } from '@raftboard/db/queries/tasks';
import type { TaskRow } from '@raftboard/db/schema';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { notFound, unauthenticated } from '../../errors.ts';
import { Label } from '../label.ts';
import { loadProject, Project } from '../project.ts';
import { Status } from '../status.ts';
import { User } from '../user.ts';

/** A card on a board. */
export const Task = builder.objectRef<TaskRow>('Task');

/** Task priority, least to most urgent. */
export const Priority = builder.enumType('Priority', {
  description: 'How urgent a task is, least to most: NONE < LOW < MEDIUM < HIGH < URGENT.',
  values: {
    NONE: { value: 'none', description: 'No priority set (the default).' },
    LOW: { value: 'low', description: 'Low.' },
    MEDIUM: { value: 'medium', description: 'Medium.' },
    HIGH: { value: 'high', description: 'High.' },
    URGENT: { value: 'urgent', description: 'Most urgent.' },
  } as const,
});

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
