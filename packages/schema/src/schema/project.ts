import { positionsAfter } from '@raftboard/db/position';
import { projectsByIds, projectsOfUser } from '@raftboard/db/queries/projects';
import type { ProjectRow } from '@raftboard/db/schema';
import { requireViewer } from '../auth/access.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput } from '../errors.ts';
import { payloadType, requestIdDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import { consistencyArgs, fence } from './read-consistency.ts';

/** A board. */
export const Project = builder.objectRef<ProjectRow>('Project');

/** Project roles, least to most powerful; each can do what the ones before it can. */
export const ProjectRole = builder.enumType('ProjectRole', {
  description: [
    'A member’s role in a project, least to most powerful; each can do what the ones before it',
    'can. Viewers read, members edit tasks, admins manage the board, owners manage owners.',
  ].join(' '),
  values: {
    VIEWER: {
      value: 'viewer',
      description: 'Reads the project, its tasks and its history; changes nothing.',
    },
    MEMBER: {
      value: 'member',
      description: [
        'Also creates and edits tasks, labels, comments, attachments and task share links.',
      ].join(' '),
    },
    ADMIN: {
      value: 'admin',
      description: [
        'Also manages members (except owners), statuses and the project itself, and deletes',
        'or revokes anyone’s comments, attachments and share links.',
      ].join(' '),
    },
    OWNER: {
      value: 'owner',
      description: 'Also adds, changes and removes owners. Every project keeps at least one.',
    },
  } as const,
});

/** Loads projects the viewer may read; null for the rest, in `ids` order. */
export async function loadProjects(context: GraphQLContext, ids: readonly string[]) {
  const rows = await projectsByIds(context.db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return Promise.all(
    ids.map(async (id) => {
      const row = byId.get(id);
      return row && (await context.access.canRead(id)) ? row : null;
    }),
  );
}

/** One readable project or null. */
export async function loadProject(context: GraphQLContext, id: string) {
  const [project] = await loadProjects(context, [id]);
  return project ?? null;
}

builder.node(Project, {
  description: [
    'A board: its members, workflow statuses (columns), labels and tasks. Only members see it;',
    'for anyone else it reads as null or NOT_FOUND.',
  ].join(' '),
  id: { resolve: (project) => project.id },
  authScopes: (project, context) => context.access.canRead(project.id),
  loadMany: (ids, context) => loadProjects(context, ids),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name, 1 to 128 characters.' }),
    description: t.exposeString('description', {
      description: 'Free text, at most 10,000 characters; empty when none was given.',
    }),
    archived: t.boolean({
      description: 'True when archived: read-only until an admin unarchives it (`updateProject`).',
      resolve: (project) => project.archivedAt !== null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When its name, description or archived flag last changed.',
    }),
    lastEventSeq: t.exposeInt('lastEventSeq', {
      description: [
        'Sequence number of the project’s newest event (`Event.projectSeq`: 1, 2, 3… without',
        'gaps).',
      ].join(' '),
    }),
    viewerRole: t.field({
      type: ProjectRole,
      nullable: true,
      description: 'Your role in this project; null when you are not a member.',
      resolve: (project, _args, context) => context.access.roleIn(project.id),
    }),
  }),
});

const ProjectPayload = payloadType(
  'ProjectPayload',
  'project',
  Project,
  'The project after the change.',
);

/** The statuses a new project starts with when none are given. */
export const defaultStatuses = [
  { name: 'Backlog', category: 'backlog' },
  { name: 'Todo', category: 'unstarted' },
  { name: 'In Progress', category: 'started' },
  { name: 'Done', category: 'completed' },
  { name: 'Canceled', category: 'canceled' },
] as const;

const CreateProjectInput = builder.inputType('CreateProjectInput', {
  description: 'A new project.',
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 128 characters (trimmed).' }),
    description: t.string({
      required: false,
      description: 'Free text, at most 10,000 characters. Default: empty.',
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const UpdateProjectInput = builder.inputType('UpdateProjectInput', {
  description: 'Changes to a project: give at least one of name, description, archived.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Project, description: 'The project.' }),
    name: t.string({ required: false, description: 'New name, 1 to 128 characters.' }),
    description: t.string({
      required: false,
      description: 'New description, at most 10,000 characters.',
    }),
    archived: t.boolean({
      required: false,
      description: [
        'True archives the project: writes to it are then FORBIDDEN, except `updateProject`',
        'and members leaving. False unarchives it.',
      ].join(' '),
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

builder.queryField('projects', (t) =>
  t.field({
    type: [Project],
    description: 'Projects you are a member of, by name. Needs a token (UNAUTHENTICATED).',
    args: {
      ...consistencyArgs,
      includeArchived: t.arg.boolean({
        required: false,
        description: 'Also list archived projects. Default: false.',
      }),
    },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer, 'read');
      await fence(context, args);
      const rows = await projectsOfUser(context.db, viewer.userId, {
        includeArchived: args.includeArchived ?? false,
      });
      return rows.map((row) => row.project);
    },
  }),
);

builder.queryField('project', (t) =>
  t.field({
    type: Project,
    nullable: true,
    description: 'One project; null when it does not exist or you are not a member.',
    args: {
      ...consistencyArgs,
      id: t.arg.globalID({ required: true, for: Project, description: 'The project’s id.' }),
    },
    resolve: async (_root, args, context) => {
      await fence(context, args);
      return loadProject(context, args.id.id);
    },
  }),
);

builder.mutationField('createProject', (t) =>
  t.field({
    type: ProjectPayload,
    description: [
      'Creates a project with you as its owner and the default workflow: Backlog, Todo,',
      'In Progress, Done, Canceled. Any signed-in user may.',
    ].join(' '),
    args: {
      input: t.arg({ type: CreateProjectInput, required: true, description: 'The project.' }),
    },
    resolve: async (_root, { input }, context) => {
      requireViewer(context.viewer, 'write');
      const positions = positionsAfter(null, defaultStatuses.length);
      const statuses = defaultStatuses.map((status, i) => ({
        statusId: context.newId(),
        ...status,
        position: positions[i] ?? 'z',
      }));
      const committed = await propose(context, {
        type: 'project.create',
        payload: {
          projectId: context.newId(),
          name: input.name,
          description: input.description ?? '',
          statuses,
        },
        requestId: input.requestId,
      });
      return {
        index: committed.index,
        entity: await loadProject(context, committed.id('projectId')),
      };
    },
  }),
);

builder.mutationField('updateProject', (t) =>
  t.field({
    type: ProjectPayload,
    description: [
      'Renames, describes, archives or unarchives a project. Admins and owners; BAD_USER_INPUT',
      'when nothing is given.',
    ].join(' '),
    args: {
      input: t.arg({ type: UpdateProjectInput, required: true, description: 'The changes.' }),
    },
    resolve: async (_root, { input }, context) => {
      const projectId = input.id.id;
      await context.access.require(projectId, 'admin');
      const changes = {
        ...(input.name == null ? {} : { name: input.name }),
        ...(input.description == null ? {} : { description: input.description }),
        ...(input.archived == null ? {} : { archived: input.archived }),
      };
      if (Object.keys(changes).length === 0) throw invalidInput('nothing to update');
      const committed = await propose(context, {
        type: 'project.update',
        payload: { projectId, ...changes },
        requestId: input.requestId,
      });
      return { index: committed.index, entity: await loadProject(context, projectId) };
    },
  }),
);
