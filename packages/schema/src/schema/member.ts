import { findUserByEmail, usersByIds } from '@raftboard/db/queries/auth';
import { type MemberRow, membersOfProject } from '@raftboard/db/queries/projects';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput, notFound } from '../errors.ts';
import { decodeGlobalId } from '../global-id.ts';
import { payloadType, requestIdDescription } from '../write/payload.ts';
import { once, propose } from '../write/propose.ts';
import { loadProject, Project, ProjectRole } from './project.ts';
import { User } from './user.ts';

/** Someone's membership in a project. */
export const ProjectMember = builder.objectRef<MemberRow>('ProjectMember').implement({
  description: 'A person’s membership in a project, with their role.',
  authScopes: (member, context) => context.access.canRead(member.projectId),
  fields: (t) => ({
    role: t.field({
      type: ProjectRole,
      description: 'What they may do in the project.',
      resolve: (member) => member.role,
    }),
    addedAt: t.expose('addedAt', {
      type: 'DateTime',
      description: 'When they joined (created the project or were added).',
    }),
    user: t.field({
      type: User,
      description: 'The member.',
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
    description: 'Everyone in the project with their role, by when they joined.',
    resolve: (project, _args, context) => membersOfProject(context.db, project.id),
  }),
);

const ProjectMemberPayload = payloadType(
  'ProjectMemberPayload',
  'project',
  Project,
  'The project after a membership change (read `members` for the new list).',
  'The project as this node has it right after the change; null once you left it.',
);

const projectIdDescription = 'The project.';
const userIdDescription = 'The member: a `User.id`.';

const AddProjectMemberInput = builder.inputType('AddProjectMemberInput', {
  description:
    'Who to add, by `userId` or by `email` (email wins when both are given), and as what.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: projectIdDescription }),
    userId: t.id({ required: false, description: 'A `User.id` (someone you can see).' }),
    email: t.string({
      required: false,
      description: 'The email of an account (any case); NOT_FOUND when none has it.',
    }),
    role: t.field({
      type: ProjectRole,
      required: true,
      description: 'Their role; only owners may add an OWNER.',
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const UpdateProjectMemberRoleInput = builder.inputType('UpdateProjectMemberRoleInput', {
  description: 'A member and their new role.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: projectIdDescription }),
    userId: t.id({ required: true, description: userIdDescription }),
    role: t.field({
      type: ProjectRole,
      required: true,
      description: 'The new role; only owners make or unmake an OWNER.',
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const RemoveProjectMemberInput = builder.inputType('RemoveProjectMemberInput', {
  description: 'Removes someone (admins), or yourself (leave the project).',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: projectIdDescription }),
    userId: t.id({ required: true, description: 'The member to remove; your own id to leave.' }),
    requestId: t.string({ required: false, description: requestIdDescription }),
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
    description: [
      'Adds someone to a project with a role and notifies them. Admins and owners; only owners',
      'add owners (FORBIDDEN). CONFLICT when they are already a member.',
    ].join(' '),
    args: {
      input: t.arg({ type: AddProjectMemberInput, required: true, description: 'Who and how.' }),
    },
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
    description: [
      'Changes a member’s role. Admins and owners; only owners promote to or demote from',
      'OWNER (FORBIDDEN), and the last owner cannot be demoted (BAD_USER_INPUT).',
    ].join(' '),
    args: {
      input: t.arg({
        type: UpdateProjectMemberRoleInput,
        required: true,
        description: 'Who and to what.',
      }),
    },
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
    description: [
      'Removes a member (admins and owners; an owner only by an owner) or yourself (any role),',
      'and unassigns them from the project’s tasks. The last owner cannot leave',
      '(BAD_USER_INPUT). Their live subscriptions to the project end with REVOKED.',
    ].join(' '),
    args: {
      input: t.arg({ type: RemoveProjectMemberInput, required: true, description: 'Who.' }),
    },
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
