import {
  type CommentRow,
  commentsByIds,
  countComments,
  listComments,
} from '@raftboard/db/queries/activity';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { forbidden, notFound, unauthenticated } from '../errors.ts';
import { offsetConnection } from '../read/connection.ts';
import { payloadType } from '../write/payload.ts';
import { once, propose } from '../write/propose.ts';
import { loadTasks, requireTask, Task, totalCountConnection } from './task.ts';
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
  description: 'A comment. `@username` mentions of project members notify them.',
  id: { resolve: (comment) => comment.id },
  authScopes: (comment, context) => context.access.canRead(comment.projectId),
  loadMany: (ids, context) => loadComments(context, ids),
  fields: (t) => ({
    body: t.exposeString('body', { description: 'Markdown.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    edited: t.boolean({ resolve: (c) => c.updatedAt.getTime() !== c.createdAt.getTime() }),
    author: t.field({
      type: User,
      nullable: true,
      resolve: async (comment, _args, context) => {
        if (!(await context.access.canSeeUser(comment.authorId))) return null;
        return context.loaders.user.get(comment.authorId);
      },
    }),
    task: t.field({
      type: Task,
      nullable: true,
      resolve: async (comment, _args, context) =>
        (await loadTasks(context, [comment.taskId]))[0] ?? null,
    }),
  }),
});

builder.objectField(Task, 'comments', (t) =>
  t.connection(
    {
      type: Comment,
      description: 'The conversation, oldest first.',
      resolve: (task, args, context) =>
        offsetConnection(
          args,
          () => countComments(context.db, task.id),
          (page) => listComments(context.db, task.id, page),
        ),
    },
    totalCountConnection,
  ),
);

const CommentPayload = payloadType('CommentPayload', 'comment', Comment, 'The comment now.');

const AddCommentInput = builder.inputType('AddCommentInput', {
  fields: (t) => ({
    taskId: t.globalID({ required: true, for: Task }),
    body: t.string({ required: true, description: 'Markdown; `@username` mentions notify.' }),
    requestId: t.string({ required: false }),
  }),
});

const EditCommentInput = builder.inputType('EditCommentInput', {
  fields: (t) => ({
    id: t.globalID({ required: true, for: Comment }),
    body: t.string({ required: true }),
    requestId: t.string({ required: false }),
  }),
});

const DeleteCommentInput = builder.inputType('DeleteCommentInput', {
  fields: (t) => ({
    id: t.globalID({ required: true, for: Comment }),
    requestId: t.string({ required: false }),
  }),
});

builder.mutationField('addComment', (t) =>
  t.field({
    type: CommentPayload,
    description: 'Comments on a task (members); mentioned members get a notification.',
    args: { input: t.arg({ type: AddCommentInput, required: true }) },
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
    description: 'Rewrites your own comment; newly mentioned members are notified.',
    args: { input: t.arg({ type: EditCommentInput, required: true }) },
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
    description: 'Deletes a comment (its author, or an admin).',
    args: { input: t.arg({ type: DeleteCommentInput, required: true }) },
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
