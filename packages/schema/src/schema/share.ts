import { statusesByIds } from '@raftboard/db/queries/projects';
import {
  findLiveShareLink,
  liveShareLinksOfTask,
  shareLinkById,
} from '@raftboard/db/queries/share-links';
import { labelsOf, tasksByIds } from '@raftboard/db/queries/tasks';
import { roleAtLeast, type ShareLinkRow, type TaskRow } from '@raftboard/db/schema';
import { hashToken, newToken } from '../auth/tokens.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { forbidden, invalidInput, notFound } from '../errors.ts';
import { decodeGlobalId, encodeGlobalId } from '../global-id.ts';
import { indexDescription, requestIdDescription, successDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import { Priority, requireTask, Task } from './task/types.ts';
import { User } from './user.ts';

/** Prefix of task share tokens: `rbt_<secret>` (the link row names the task). */
export const shareTokenPrefix = 'rbt_';
/** Longest token `sharedTask` looks at. */
const shareTokenLengthMax = 200;

/**
 * The task a legacy share token names, or null when it is not one. Links made before share
 * links recorded their task carried it in the token, `rbt_<task id>.<secret>`, and the whole
 * token is hashed, so a holder cannot point one at another task. They keep working until revoked.
 */
export function taskIdOfLegacyShareToken(token: string): string | null {
  const [taskId = '', secret] = token.slice(shareTokenPrefix.length).split('.');
  return secret !== undefined && /^[0-9A-Za-z_-]{1,36}$/.test(taskId) ? taskId : null;
}

/** The task a live share link shows, or null (unknown, revoked or expired token, gone task). */
async function taskOfShareToken(context: GraphQLContext, token: string) {
  if (token.length > shareTokenLengthMax || !token.startsWith(shareTokenPrefix)) return null;
  const link = await findLiveShareLink(context.db, hashToken(token), context.now());
  const taskId = link ? (link.taskId ?? taskIdOfLegacyShareToken(token)) : null;
  const [task] = taskId === null ? [] : await tasksByIds(context.db, [taskId]);
  return task && task.projectId === link?.projectId ? task : null;
}

/**
 * Who may revoke `link`, checked before proposing (apply decides again): a task link, its
 * creator while a member or an admin; a legacy link without a task, admins.
 */
async function requireRevoker(context: GraphQLContext, link: ShareLinkRow): Promise<void> {
  if (link.taskId === null) {
    await context.access.require(link.projectId, 'admin', 'share link');
    return;
  }
  const role = await context.access.require(link.projectId, 'member', 'share link');
  if (link.createdBy !== context.viewer?.userId && !roleAtLeast(role, 'admin')) {
    throw forbidden('only its creator or an admin revokes a share link');
  }
}

/** A task's share link as project members see it: never its token or the token's hash. */
export const ShareLink = builder.objectRef<ShareLinkRow>('ShareLink').implement({
  description: [
    'A read-only link to one task for people without an account. Its token was shown once,',
    'to its creator, and is never readable again.',
  ].join(' '),
  fields: (t) => ({
    id: t.id({
      description: 'Global id; pass it to `unshareTask` to revoke the link.',
      resolve: (link) => encodeGlobalId('ShareLink', link.id),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it stops working; null for never.',
    }),
    createdBy: t.field({
      type: User,
      nullable: true,
      description: 'Who created it; null when you cannot see them (no longer in your projects).',
      resolve: async (link, _args, context) =>
        (await context.access.canSeeUser(link.createdBy))
          ? context.loaders.user.get(link.createdBy)
          : null,
    }),
  }),
});

builder.objectField(Task, 'shareLinks', (t) =>
  t.field({
    type: [ShareLink],
    description: 'The task’s live share links (not revoked, not expired), oldest first.',
    // Task's own authScopes already limit this to members of the task's project.
    resolve: (task, _args, context) =>
      liveShareLinksOfTask(context.db, { taskId: task.id, now: context.now() }),
  }),
);

/** A read-only view of one task for people holding its share link; nothing else leaks. */
const SharedTask = builder.objectRef<TaskRow>('SharedTask').implement({
  description: 'One task as a share link shows it: no ids, people, or other tasks.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The task’s title.' }),
    description: t.exposeString('description', { description: 'The task’s Markdown text.' }),
    priority: t.field({
      type: Priority,
      description: 'The task’s priority.',
      resolve: (task) => task.priorityId as never,
    }),
    dueDate: t.expose('dueDate', {
      type: 'Date',
      nullable: true,
      description: 'Day it is due; null when none.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    completedAt: t.expose('completedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was completed or canceled; null while open.',
    }),
    statusName: t.string({
      description: 'Name of its column, e.g. “In Progress”.',
      resolve: async (task, _args, context) =>
        (await statusesByIds(context.db, [task.statusId]))[0]?.name ?? '',
    }),
    labelNames: t.stringList({
      description: 'Names of its labels, alphabetical.',
      resolve: async (task, _args, context) =>
        (await labelsOf(context.db, task.id)).map((label) => label.name),
    }),
  }),
});

const ShareTaskPayload = builder
  .objectRef<{ index: number; token: string; shareId: string }>('ShareTaskPayload')
  .implement({
    description: 'A new share link and its token.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      token: t.exposeString('token', {
        description: [
          'The link’s secret (`rbt_…`), shown only in this answer. Whoever holds it reads the',
          'task with `sharedTask(token:)`, without an account.',
        ].join(' '),
      }),
      shareId: t.exposeID('shareId', {
        description: 'The `ShareLink.id`; pass it to `unshareTask` to revoke the link.',
      }),
    }),
  });

const UnshareTaskPayload = builder.objectRef<{ index: number }>('UnshareTaskPayload').implement({
  description: 'The link is revoked: `sharedTask` answers null for its token on every node.',
  fields: (t) => ({
    success: t.boolean({ resolve: () => true, description: successDescription }),
    index: t.exposeInt('index', { description: indexDescription }),
  }),
});

builder.queryField('sharedTask', (t) =>
  t.field({
    type: SharedTask,
    nullable: true,
    description: [
      'The task a share link shows; needs no account or token. Null for an unknown, revoked or',
      'expired token, and once the task is deleted.',
    ].join(' '),
    args: {
      token: t.arg.string({
        required: true,
        description: 'The link’s token, from `shareTask` (`rbt_…`).',
      }),
    },
    resolve: (_root, args, context) => taskOfShareToken(context, args.token),
  }),
);

builder.mutationField('shareTask', (t) =>
  t.field({
    type: ShareTaskPayload,
    description: [
      'Creates a revocable, read-only link to one task for people without an account. Members',
      'and up. The token is in the answer only.',
    ].join(' '),
    args: {
      taskId: t.arg.globalID({ required: true, for: Task, description: 'The task to share.' }),
      expiresAt: t.arg({
        type: 'DateTime',
        required: false,
        description: 'When the link stops working; in the future. Default: never.',
      }),
      requestId: t.arg.string({
        required: false,
        description: [
          'Idempotency key (a UUIDv7, as every mutation’s `requestId`). The token cannot be',
          'shown twice, so a retry with a requestId that already shared fails with BAD_USER_INPUT',
          'and creates',
          'nothing: read `Task.shareLinks` to see whether the first attempt went through.',
        ].join(' '),
      }),
    },
    resolve: async (_root, args, context) => {
      const task = await requireTask(context, args.taskId.id);
      await context.access.require(task.projectId, 'member');
      if (args.expiresAt && args.expiresAt.getTime() <= context.now().getTime()) {
        throw invalidInput('expiresAt must be in the future');
      }
      const token = newToken(shareTokenPrefix);
      const shareLinkId = context.newId();
      const committed = await propose(context, {
        type: 'shareLink.create',
        payload: {
          shareLinkId,
          projectId: task.projectId,
          taskId: task.id,
          tokenHash: hashToken(token),
          expiresAt: args.expiresAt ? args.expiresAt.getTime() : null,
        },
        requestId: args.requestId,
      });
      if (committed.result.shareLinkId !== shareLinkId) {
        throw invalidInput('this requestId already shared the task; its token was shown then');
      }
      return { index: committed.index, token, shareId: encodeGlobalId('ShareLink', shareLinkId) };
    },
  }),
);

builder.mutationField('unshareTask', (t) =>
  t.field({
    type: UnshareTaskPayload,
    description: [
      'Revokes a share link: every node refuses its token from the moment it applies the',
      'change. Its creator while a member, or an admin or owner (FORBIDDEN otherwise).',
    ].join(' '),
    args: {
      shareId: t.arg.id({
        required: true,
        description: 'The `ShareLink.id` (or `shareId` from `shareTask`).',
      }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const { typename, id } = decodeGlobalId(String(args.shareId));
      const link = typename === 'ShareLink' ? await shareLinkById(context.db, id) : undefined;
      if (!link) throw notFound('share link not found');
      await requireRevoker(context, link);
      const committed = await propose(context, {
        type: 'shareLink.revoke',
        payload: { shareLinkId: id },
        requestId: args.requestId,
      });
      return { index: committed.index };
    },
  }),
);
