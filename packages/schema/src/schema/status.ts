import { type StatusRow, statusesByIds, statusesOfProject } from '@raftboard/db/queries/projects';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput, notFound, unauthenticated } from '../errors.ts';
import { payloadType } from '../write/payload.ts';
import { positionAfter, positionsAfter } from '../write/position.ts';
import { propose } from '../write/propose.ts';
import { loadProject, Project } from './project.ts';

/** A column of a project's board. */
export const Status = builder.objectRef<StatusRow>('Status');

/** What a status means for reports and for started/completed timestamps. */
export const StatusCategory = builder.enumType('StatusCategory', {
  values: {
    BACKLOG: { value: 'backlog' },
    UNSTARTED: { value: 'unstarted' },
    STARTED: { value: 'started', description: 'Entering it sets the task’s startedAt.' },
    COMPLETED: { value: 'completed', description: 'Entering it sets completedAt.' },
    CANCELED: { value: 'canceled', description: 'Closed without being done.' },
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
  description: 'A column of the board (“Todo”, “In Progress”…), in workflow order.',
  id: { resolve: (status) => status.id },
  authScopes: (status, context) => context.access.canRead(status.projectId),
  loadMany: (ids, context) => loadStatuses(context, ids),
  fields: (t) => ({
    name: t.exposeString('name'),
    category: t.field({ type: StatusCategory, resolve: (status) => status.category }),
    position: t.exposeString('position', { description: 'Sort key of the column.' }),
    project: t.field({
      type: Project,
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
    description: 'The workflow, in board order.',
    resolve: (project, _args, context) => statusesOfProject(context.db, project.id),
  }),
);

const StatusPayload = payloadType(
  'StatusPayload',
  'status',
  Status,
  'The status after the change.',
);

const CreateStatusInput = builder.inputType('CreateStatusInput', {
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project }),
    name: t.string({ required: true }),
    category: t.field({ type: StatusCategory, required: true }),
    requestId: t.string({ required: false }),
  }),
});

const UpdateStatusInput = builder.inputType('UpdateStatusInput', {
  fields: (t) => ({
    id: t.globalID({ required: true, for: Status }),
    name: t.string({ required: false }),
    category: t.field({ type: StatusCategory, required: false }),
    requestId: t.string({ required: false }),
  }),
});

const ReorderStatusesInput = builder.inputType('ReorderStatusesInput', {
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project }),
    statusIds: t.globalIDList({ required: true, for: Status, description: 'The new order.' }),
    requestId: t.string({ required: false }),
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
    description: 'Adds a status at the end of the workflow (admins).',
    args: { input: t.arg({ type: CreateStatusInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'admin');
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
    description: 'Renames a status or changes its category (admins).',
    args: { input: t.arg({ type: UpdateStatusInput, required: true }) },
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
    description: 'Puts the listed statuses in this order, before any not listed (admins).',
    args: { input: t.arg({ type: ReorderStatusesInput, required: true }) },
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
