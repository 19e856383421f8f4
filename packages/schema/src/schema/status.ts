import { positionAfter, positionsAfter } from '@raftboard/db/position';
import { statusesByIds, statusesOfProject } from '@raftboard/db/queries/projects';
import type { StatusRow } from '@raftboard/db/schema';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput, notFound, unauthenticated } from '../errors.ts';
import { fenceOnce } from '../write/fence-on-refusal.ts';
import { payloadType, requestIdDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import { loadProject, Project } from './project.ts';

/** A column of a project's board. */
export const Status = builder.objectRef<StatusRow>('Status');

/** What a status means for reports and for started/completed timestamps. */
export const StatusCategory = builder.enumType('StatusCategory', {
  description: [
    'What a status means, whatever its name: reports group by it, and it drives a task’s',
    '`startedAt` and `completedAt`.',
  ].join(' '),
  values: {
    BACKLOG: { value: 'backlog', description: 'Not planned yet.' },
    UNSTARTED: {
      value: 'unstarted',
      description: 'Planned, not begun (“Todo”); new tasks go to the first such column.',
    },
    STARTED: {
      value: 'started',
      description: 'In progress. A task entering it gets `startedAt`, once.',
    },
    COMPLETED: {
      value: 'completed',
      description: [
        'Done. A task entering it gets `completedAt` (and `startedAt` if it had none); reports',
        'count it as completed.',
      ].join(' '),
    },
    CANCELED: {
      value: 'canceled',
      description: [
        'Closed without being done. It sets `completedAt` like COMPLETED, but reports do not',
        'count it as completed.',
      ].join(' '),
    },
  } as const,
});

/** Statuses the viewer may read, in `ids` order (null for the rest). */
export async function loadStatuses(context: GraphQLContext, ids: readonly string[]) {
  const rows = await statusesByIds(context.db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return Promise.all(
    ids.map(async (id) => {
      const row = byId.get(id);
      return row && (await context.access.canRead(row.projectId)) ? row : null;
    }),
  );
}

/** One readable status, or NOT_FOUND. */
export async function requireStatus(context: GraphQLContext, id: string): Promise<StatusRow> {
  if (context.viewer === null) throw unauthenticated();
  const [status] = await loadStatuses(context, [id]);
  if (!status) throw notFound('status not found');
  return status;
}

builder.node(Status, {
  description: [
    'A column of the board (“Todo”, “In Progress”…), in workflow order. Admins create, rename,',
    'recategorise and reorder them.',
  ].join(' '),
  id: { resolve: (status) => status.id },
  authScopes: (status, context) => context.access.canRead(status.projectId),
  loadMany: (ids, context) => loadStatuses(context, ids),
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Column name, 1 to 64 characters, unique within the project.',
    }),
    category: t.field({
      type: StatusCategory,
      description: 'What the column means.',
      resolve: (status) => status.category,
    }),
    position: t.exposeString('position', {
      description: 'Sort key of the column: columns sort by it, byte-wise ascending.',
    }),
    project: t.field({
      type: Project,
      description: 'The project it belongs to.',
      resolve: async (status, _args, context) => {
        const project = await loadProject(context, status.projectId);
        if (!project) throw notFound('project not found');
        return project;
      },
    }),
  }),
});

builder.objectField(Project, 'statuses', (t) =>
  t.field({
    type: [Status],
    description: 'The workflow’s columns, in board order.',
    resolve: (project, _args, context) => statusesOfProject(context.db, project.id),
  }),
);

const StatusPayload = payloadType(
  'StatusPayload',
  'status',
  Status,
  'The status after the change.',
);

const statusNameDescription = '1 to 64 characters (trimmed), unique within the project.';

const CreateStatusInput = builder.inputType('CreateStatusInput', {
  description: 'A new column, added at the end of the workflow.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: 'The project.' }),
    name: t.string({ required: true, description: statusNameDescription }),
    category: t.field({ type: StatusCategory, required: true, description: 'What it means.' }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const UpdateStatusInput = builder.inputType('UpdateStatusInput', {
  description: 'Changes to a column: give name, category or both.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Status, description: 'The status.' }),
    name: t.string({ required: false, description: `New name, ${statusNameDescription}` }),
    category: t.field({
      type: StatusCategory,
      required: false,
      description: 'New category; tasks already in the column keep their timestamps.',
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const ReorderStatusesInput = builder.inputType('ReorderStatusesInput', {
  description: 'A new column order.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: 'The project.' }),
    statusIds: t.globalIDList({
      required: true,
      for: Status,
      description: [
        'Statuses of this project in their new order, 1 to 50, no duplicates. Statuses not',
        'listed keep their sort keys and may interleave with the listed ones: list them all.',
      ].join(' '),
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const ProjectStatusesPayload = payloadType(
  'ReorderStatusesPayload',
  'project',
  Project,
  'The project with its statuses in the new order.',
);

builder.mutationField('createStatus', (t) =>
  t.field({
    type: StatusPayload,
    description: [
      'Adds a status at the end of the workflow. Admins and owners; CONFLICT when the name is',
      'taken.',
    ].join(' '),
    args: { input: t.arg({ type: CreateStatusInput, required: true, description: 'The column.' }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'admin');
      // The last column's position goes into the command as it is read.
      await fenceOnce(context);
      const existing = await statusesOfProject(context.db, projectId);
      const committed = await propose(context, {
        type: 'status.create',
        payload: {
          statusId: context.newId(),
          projectId,
          name: input.name,
          category: input.category,
          position: positionAfter(existing.at(-1)?.position ?? null),
        },
        requestId: input.requestId,
      });
      const [status] = await loadStatuses(context, [committed.id('statusId')]);
      return { index: committed.index, entity: status ?? null };
    },
  }),
);

builder.mutationField('updateStatus', (t) =>
  t.field({
    type: StatusPayload,
    description: [
      'Renames a status or changes its category. Admins and owners; CONFLICT when the name is',
      'taken, BAD_USER_INPUT when nothing is given.',
    ].join(' '),
    args: {
      input: t.arg({ type: UpdateStatusInput, required: true, description: 'The changes.' }),
    },
    resolve: async (_root, { input }, context) => {
      const status = await requireStatus(context, input.id.id);
      await context.access.require(status.projectId, 'admin');
      const changes = {
        ...(input.name == null ? {} : { name: input.name }),
        ...(input.category == null ? {} : { category: input.category }),
      };
      if (Object.keys(changes).length === 0) throw invalidInput('nothing to update');
      const committed = await propose(context, {
        type: 'status.update',
        payload: { statusId: status.id, ...changes },
        requestId: input.requestId,
      });
      const [updated] = await loadStatuses(context, [status.id]);
      return { index: committed.index, entity: updated ?? null };
    },
  }),
);

builder.mutationField('reorderStatuses', (t) =>
  t.field({
    type: ProjectStatusesPayload,
    description: [
      'Reorders the workflow’s columns. Admins and owners; NOT_FOUND for a status of another',
      'project.',
    ].join(' '),
    args: {
      input: t.arg({ type: ReorderStatusesInput, required: true, description: 'The order.' }),
    },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'admin');
      const ids = input.statusIds.map((ref) => ref.id);
      if (new Set(ids).size !== ids.length) throw invalidInput('statusIds has duplicates');
      const positions = positionsAfter(null, ids.length);
      const committed = await propose(context, {
        type: 'status.reorder',
        payload: {
          projectId,
          order: ids.map((statusId, i) => ({ statusId, position: positions[i] ?? 'z' })),
        },
        requestId: input.requestId,
      });
      return { index: committed.index, entity: await loadProject(context, projectId) };
    },
  }),
);
