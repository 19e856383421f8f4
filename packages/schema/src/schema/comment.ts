import { commentsByIds, countComments, listComments } from '@raftboard/db/queries/activity';
import type { CommentRow } from '@raftboard/db/schema';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { forbidden, notFound, unauthenticated } from '../errors.ts';
import { itemEdge, offsetConnection, totalCountConnection } from '../read/connection.ts';
import { payloadType, requestIdDescription } from '../write/payload.ts';
import { once, propose } from '../write/propose.ts';
import { loadTasks, requireTask, Task } from './task/types.ts';
import { User } from './user.ts';

/** A comment on a task. */
export const Comment = builder.objectRef<CommentRow>('Comment');

/** Comments the viewer may read, in `ids` order (null for the rest). */
export async function loadComments(context: GraphQLContext, ids: readonly string[]) {
  const rows = await commentsByIds(context.db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return Promise.all(
    ids.map(async (id) => {
      const row = byId.get(id);
      return row && (await context.access.canRead(row.projectId)) ? row : null;
    }),
  );
}

async function requireComment(context: GraphQLContext, id: string): Promise<CommentRow> {
  if (context.viewer === null) throw unauthenticated();
  const [comment] = await loadComments(context, [id]);
  if (!comment) throw notFound('comment not found');
  return comment;
}

builder.node(Comment, {
  description: [
    'A comment on a task, by a project member. `@username` mentions of project members notify',
    'them (20 distinct mentions per comment at most).',
  ].join(' '),
  id: { resolve: (comment) => comment.id },
  authScopes: (comment, context) => context.access.canRead(comment.projectId),
  loadMany: (ids, context) => loadComments(context, ids),
  fields: (t) => ({
    body: t.exposeString('body', { description: 'Markdown, 1 to 65,535 characters.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was posted.' }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When it was last edited; equal to createdAt when never.',
    }),
    edited: t.boolean({
      description: 'True once its author has edited it.',
      resolve: (c) => c.updatedAt.getTime() !== c.createdAt.getTime(),
    }),
    author: t.field({
      type: User,
      nullable: true,
      description: 'Who wrote it; null when you cannot see them (no longer in your projects).',
      resolve: async (comment, _args, context) => {
        if (!(await context.access.canSeeUser(comment.authorId))) return null;
        return context.loaders.user.get(comment.authorId);
      },
    }),
    task: t.field({
      type: Task,
      nullable: true,
      description: 'The task it is on; null once the task is deleted.',
      resolve: async (comment, _args, context) =>
        (await loadTasks(context, [comment.taskId]))[0] ?? null,
    }),
  }),
});

builder.objectField(Task, 'comments', (t) =>
  t.connection(
    {
      type: Comment,
      description: 'The task’s comments, oldest first, paged.',
      resolve: (task, args, context) =>
        offsetConnection(
          args,
          () => countComments(context.db, task.id),
          (page) => listComments(context.db, task.id, page),
        ),
    },
    totalCountConnection('a task’s comments'),
    itemEdge('One comment'),
  ),
);

const CommentPayload = payloadType(
  'CommentPayload',
  'comment',
  Comment,
  'The comment after the change.',
  'The comment as this node has it right after the change; null after `deleteComment`.',
);

const bodyDescription = [
  'Markdown, 1 to 65,535 characters (trimmed); `@username` mentions of project members notify',
  'them.',
].join(' ');

const AddCommentInput = builder.inputType('AddCommentInput', {
  description: 'A new comment.',
  fields: (t) => ({
    taskId: t.globalID({ required: true, for: Task, description: 'The task to comment on.' }),
    body: t.string({ required: true, description: bodyDescription }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const EditCommentInput = builder.inputType('EditCommentInput', {
  description: 'A comment’s new text.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Comment, description: 'The comment.' }),
    body: t.string({ required: true, description: `The new text. ${bodyDescription}` }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const DeleteCommentInput = builder.inputType('DeleteCommentInput', {
  description: 'The comment to delete.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Comment, description: 'The comment.' }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

builder.mutationField('addComment', (t) =>
  t.field({
    type: CommentPayload,
    description: 'Comments on a task; mentioned members get a notification. Members and up.',
    args: {
      input: t.arg({ type: AddCommentInput, required: true, description: 'The comment.' }),
    },
    resolve: async (_root, { input }, context) => {
      const task = await requireTask(context, input.taskId.id);
      await context.access.require(task.projectId, 'member');
      const committed = await propose(context, {
        type: 'comment.add',
        payload: { commentId: context.newId(), taskId: task.id, body: input.body },
        requestId: input.requestId,
      });
      const [comment] = await loadComments(context, [committed.id('commentId')]);
      return { index: committed.index, entity: comment ?? null };
    },
  }),
);

builder.mutationField('editComment', (t) =>
  t.field({
    type: CommentPayload,
    description: [
      'Rewrites a comment; newly mentioned members are notified. Only its author, while a member',
      '(FORBIDDEN otherwise).',
    ].join(' '),
    args: {
      input: t.arg({ type: EditCommentInput, required: true, description: 'The new text.' }),
    },
    resolve: async (_root, { input }, context) => {
      const comment = await requireComment(context, input.id.id);
      await context.access.require(comment.projectId, 'member');
      if (comment.authorId !== context.viewer?.userId) throw forbidden('only its author edits it');
      const committed = await propose(context, {
        type: 'comment.edit',
        payload: { commentId: comment.id, body: input.body },
        requestId: input.requestId,
      });
      const [edited] = await loadComments(context, [comment.id]);
      return { index: committed.index, entity: edited ?? null };
    },
  }),
);

builder.mutationField('deleteComment', (t) =>
  t.field({
    type: CommentPayload,
    description: [
      'Deletes a comment. Its author while a member, or an admin or owner (FORBIDDEN',
      'otherwise). The payload’s `comment` is null.',
    ].join(' '),
    args: {
      input: t.arg({ type: DeleteCommentInput, required: true, description: 'The comment.' }),
    },
    resolve: async (_root, { input }, context) => {
      const committed = await once(context, input.requestId, async () => {
        const comment = await requireComment(context, input.id.id);
        const role = await context.access.require(comment.projectId, 'member');
        if (comment.authorId !== context.viewer?.userId && role === 'member') {
          throw forbidden('only its author or an admin deletes a comment');
        }
        return propose(context, {
          type: 'comment.delete',
          payload: { commentId: comment.id },
          requestId: input.requestId,
        });
      });
      return { index: committed.index, entity: null };
    },
  }),
);
