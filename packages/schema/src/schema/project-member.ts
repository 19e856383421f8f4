import { findUserByEmail, usersByIds } from '@raftboard/db/queries/auth';
import { type MemberRow, membersOfProject } from '@raftboard/db/queries/projects';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput, notFound } from '../errors.ts';
import { decodeGlobalId } from '../global-id.ts';
import { payloadType } from '../write/payload.ts';
import { once, propose } from '../write/propose.ts';
import { loadProject, Project, ProjectRole } from './project.ts';
import { User } from './user.ts';

/** Someone's membership in a project. */
export const ProjectMember = builder.objectRef<MemberRow>('ProjectMember').implement({
  description: 'A person’s membership in a project, with their role.',
  authScopes: (member, context) => context.access.canRead(member.projectId),
  fields: (t) => ({
    role: t.field({ type: ProjectRole, resolve: (member) => member.role }),
    addedAt: t.expose('addedAt', { type: 'DateTime' }),
    user: t.field({
      type: User,
      resolve: async (member, _args, context) => {
        const [user] = await usersByIds(context.db, [member.userId]);
        if (!user) throw new Error(`member ${member.userId} has no user row`);
        return user;
      },
    }),
  }),
});

builder.objectField(Project, 'members', (t) =>
  t.field({
    type: [ProjectMember],
    description: 'Everyone in the project, by when they joined.',
    resolve: (project, _args, context) => membersOfProject(context.db, project.id),
  }),
);

const ProjectMemberPayload = payloadType(
  'ProjectMemberPayload',
  'project',
  Project,
  'The project after a membership change (read `members` for the new list).',
);

const AddProjectMemberInput = builder.inputType('AddProjectMemberInput', {
  description: 'Who to add: by `userId` (someone you can see) or by `email`.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project }),
    userId: t.id({ required: false }),
    email: t.string({ required: false }),
    role: t.field({ type: ProjectRole, required: true }),
    requestId: t.string({ required: false }),
  }),
});

const ProjectMemberInput = builder.inputType('UpdateProjectMemberRoleInput', {
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project }),
    userId: t.id({ required: true }),
    role: t.field({ type: ProjectRole, required: true }),
    requestId: t.string({ required: false }),
  }),
});

const RemoveProjectMemberInput = builder.inputType('RemoveProjectMemberInput', {
  description: 'Removes someone (admins), or yourself (leave the project).',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project }),
    userId: t.id({ required: true }),
    requestId: t.string({ required: false }),
  }),
});

function userIdOf(globalId: string): string {
  const { typename, id } = decodeGlobalId(globalId);
  if (typename !== 'User') throw invalidInput('userId must be the id of a User');
  return id;
}

async function targetUser(
  context: GraphQLContext,
  input: { userId?: string | number | null | undefined; email?: string | null | undefined },
) {
  if (input.email != null) {
    const user = await findUserByEmail(context.db, input.email.trim().toLowerCase());
    if (!user) throw notFound('no account has that email');
    return user.id;
  }
  if (input.userId == null) throw invalidInput('give userId or email');
  return userIdOf(String(input.userId));
}

builder.mutationField('addProjectMember', (t) =>
  t.field({
    type: ProjectMemberPayload,
    description: 'Adds someone to a project with a role (admins; only owners add owners).',
    args: { input: t.arg({ type: AddProjectMemberInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'admin');
      const userId = await targetUser(context, input);
      const committed = await propose(context, {
        type: 'member.add',
        payload: { projectId, userId, role: input.role },
        requestId: input.requestId,
      });
      return { index: committed.index, entity: await loadProject(context, projectId) };
    },
  }),
);

builder.mutationField('updateProjectMemberRole', (t) =>
  t.field({
    type: ProjectMemberPayload,
    description: 'Changes a member’s role (admins; only owners touch owners; one owner stays).',
    args: { input: t.arg({ type: ProjectMemberInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'admin');
      const committed = await propose(context, {
        type: 'member.updateRole',
        payload: { projectId, userId: userIdOf(String(input.userId)), role: input.role },
        requestId: input.requestId,
      });
      return { index: committed.index, entity: await loadProject(context, projectId) };
    },
  }),
);

builder.mutationField('removeProjectMember', (t) =>
  t.field({
    type: ProjectMemberPayload,
    description:
      'Removes a member (admins) or yourself. Their live subscriptions end with REVOKED.',
    args: { input: t.arg({ type: RemoveProjectMemberInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      const userId = userIdOf(String(input.userId));
      const leaving = userId === context.viewer?.userId;
      const committed = await once(context, input.requestId, async () => {
        await context.access.require(projectId, leaving ? 'viewer' : 'admin');
        return propose(context, {
          type: 'member.remove',
          payload: { projectId, userId },
          requestId: input.requestId,
        });
      });
      return { index: committed.index, entity: await loadProject(context, projectId) };
    },
  }),
);
