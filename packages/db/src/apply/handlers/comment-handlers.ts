import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  attachmentContents,
  attachmentSizeMaxBytes,
  attachments,
} from '../../schema/attachments.ts';
import { commentMentions, comments } from '../../schema/comments.ts';
import { projectMembers, roleAtLeast } from '../../schema/projects.ts';
import { users } from '../../schema/users.ts';
import { loadTaskForWrite, requireRole } from '../access.ts';
import type { ApplyContext } from '../apply-context.ts';
import type { CommandHandlers } from '../handler.ts';
import { reject } from '../outcome.ts';

type CommentCommand =
  | 'comment.add'
  | 'comment.edit'
  | 'comment.delete'
  | 'attachment.add'
  | 'attachment.delete';

/** Bound on the distinct @mentions one comment resolves. */
export const mentionsPerCommentMax = 20;

/** The distinct usernames `@mentioned` in a body, in order of first appearance. */
export function parseMentions(body: string): string[] {
  const names = [...body.matchAll(/(?<![\w@.])@([a-z0-9_.-]{2,64})/gi)].map((match) =>
    (match[1] ?? '').toLowerCase().replace(/\.+$/, ''),
  );
  return [...new Set(names)].slice(0, mentionsPerCommentMax);
}

/** The project members a body mentions, sorted by id. */
async function resolveMentions(ctx: ApplyContext, projectId: string, body: string) {
  const names = parseMentions(body);
  if (names.length === 0) return [];
  const rows = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(projectMembers, eq(projectMembers.userId, users.id))
    .where(and(eq(projectMembers.projectId, projectId), inArray(users.username, names)))
    .orderBy(users.id);
  return rows.map((row) => row.id);
}

async function loadComment(ctx: ApplyContext, commentId: string) {
  const [comment] = await ctx.tx
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), isNull(comments.deletedAt)));
  return comment ?? reject('NOT_FOUND', `comment ${commentId} does not exist`);
}

async function writeMentions(
  ctx: ApplyContext,
  comment: { id: string; taskId: string; projectId: string },
  userIds: readonly string[],
  previous: ReadonlySet<string>,
) {
  await ctx.tx.delete(commentMentions).where(eq(commentMentions.commentId, comment.id));
  if (userIds.length === 0) return;
  await ctx.tx
    .insert(commentMentions)
    .values(userIds.map((userId) => ({ commentId: comment.id, userId })));
  for (const userId of userIds) {
    if (previous.has(userId)) continue;
    ctx.notify({
      userId,
      kind: 'comment.mentioned',
      projectId: comment.projectId,
      taskId: comment.taskId,
      payload: { commentId: comment.id, by: ctx.actor },
    });
  }
}

function commentEvent(comment: { id: string; projectId: string }, kind: string, payload: object) {
  return {
    projectId: comment.projectId,
    kind,
    entityType: 'comment',
    entityId: comment.id,
    payload: { ...payload },
  };
}

/** Comments (with @mentions that notify) and attachments (content stored once per hash). */
export const commentHandlers: CommandHandlers<CommentCommand> = {
  'comment.add': async (ctx, p) => {
    const { task } = await loadTaskForWrite(ctx, p.taskId);
    const comment = { id: p.commentId, taskId: task.id, projectId: task.projectId };
    await ctx.tx.insert(comments).values({
      ...comment,
      authorId: ctx.actor,
      body: p.body,
      createdAt: ctx.at,
      updatedAt: ctx.at,
    });
    const mentions = await resolveMentions(ctx, task.projectId, p.body);
    await writeMentions(ctx, comment, mentions, new Set());
    ctx.emit(commentEvent(comment, 'comment.added', { taskId: task.id, body: p.body, mentions }));
    return { commentId: p.commentId };
  },

  'comment.edit': async (ctx, p) => {
    const comment = await loadComment(ctx, p.commentId);
    await requireRole(ctx, comment.projectId, 'member');
    if (comment.authorId !== ctx.actor) reject('FORBIDDEN', 'only its author edits a comment');
    const before = await ctx.tx
      .select({ userId: commentMentions.userId })
      .from(commentMentions)
      .where(eq(commentMentions.commentId, comment.id));
    await ctx.tx
      .update(comments)
      .set({ body: p.body, updatedAt: ctx.at })
      .where(eq(comments.id, comment.id));
    const mentions = await resolveMentions(ctx, comment.projectId, p.body);
    await writeMentions(ctx, comment, mentions, new Set(before.map((row) => row.userId)));
    ctx.emit(commentEvent(comment, 'comment.edited', { taskId: comment.taskId, body: p.body }));
    return { commentId: comment.id };
  },

  'comment.delete': async (ctx, p) => {
    const comment = await loadComment(ctx, p.commentId);
    const role = await requireRole(ctx, comment.projectId, 'member');
    if (comment.authorId !== ctx.actor && !roleAtLeast(role, 'admin')) {
      reject('FORBIDDEN', 'only its author or an admin deletes a comment');
    }
    await ctx.tx.delete(commentMentions).where(eq(commentMentions.commentId, comment.id));
    await ctx.tx
      .update(comments)
      .set({ body: '', deletedAt: ctx.at, updatedAt: ctx.at })
      .where(eq(comments.id, comment.id));
    ctx.emit(commentEvent(comment, 'comment.deleted', { taskId: comment.taskId }));
    return { commentId: comment.id };
  },

  'attachment.add': async (ctx, p) => {
    const { task } = await loadTaskForWrite(ctx, p.taskId);
    const content = Buffer.from(p.contentBase64, 'base64');
    if (content.length > attachmentSizeMaxBytes) {
      reject('TOO_LARGE', `attachments are at most ${attachmentSizeMaxBytes} bytes`);
    }
    if (createHash('sha256').update(content).digest('hex') !== p.sha256) {
      reject('INVALID', 'content does not match its sha256');
    }
    const [stored] = await ctx.tx
      .select({ sha256: attachmentContents.sha256 })
      .from(attachmentContents)
      .where(eq(attachmentContents.sha256, p.sha256));
    if (!stored) {
      await ctx.tx
        .insert(attachmentContents)
        .values({ sha256: p.sha256, sizeBytes: content.length, content, createdAt: ctx.at });
    }
    const metadata = {
      taskId: task.id,
      fileName: p.fileName,
      contentType: p.contentType,
      sizeBytes: content.length,
      sha256: p.sha256,
    };
    await ctx.tx.insert(attachments).values({
      id: p.attachmentId,
      projectId: task.projectId,
      ...metadata,
      uploadedBy: ctx.actor,
      createdAt: ctx.at,
    });
    ctx.emit({
      projectId: task.projectId,
      kind: 'attachment.added',
      entityType: 'attachment',
      entityId: p.attachmentId,
      payload: metadata,
    });
    return { attachmentId: p.attachmentId, sizeBytes: content.length };
  },

  'attachment.delete': async (ctx, p) => {
    const [attachment] = await ctx.tx
      .select()
      .from(attachments)
      .where(and(eq(attachments.id, p.attachmentId), isNull(attachments.deletedAt)));
    if (!attachment) return reject('NOT_FOUND', `attachment ${p.attachmentId} does not exist`);
    const role = await requireRole(ctx, attachment.projectId, 'member');
    if (attachment.uploadedBy !== ctx.actor && !roleAtLeast(role, 'admin')) {
      reject('FORBIDDEN', 'only its uploader or an admin deletes an attachment');
    }
    await ctx.tx
      .update(attachments)
      .set({ deletedAt: ctx.at })
      .where(eq(attachments.id, attachment.id));
    const [stillUsed] = await ctx.tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(eq(attachments.sha256, attachment.sha256), isNull(attachments.deletedAt)))
      .limit(1);
    if (!stillUsed) {
      await ctx.tx
        .delete(attachmentContents)
        .where(eq(attachmentContents.sha256, attachment.sha256));
    }
    ctx.emit({
      projectId: attachment.projectId,
      kind: 'attachment.deleted',
      entityType: 'attachment',
      entityId: attachment.id,
      payload: { taskId: attachment.taskId, fileName: attachment.fileName },
    });
    return { attachmentId: attachment.id };
  },
};
