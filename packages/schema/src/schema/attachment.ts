import { createHash } from 'node:crypto';
import { attachmentsByIds, attachmentsOfTask } from '@raftboard/db/queries/attachments';
import { usersByIds } from '@raftboard/db/queries/auth';
import { type AttachmentRow, attachmentSizeMaxBytes } from '@raftboard/db/schema';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { forbidden, invalidInput, notFound, unauthenticated } from '../errors.ts';
import { encodeGlobalId } from '../global-id.ts';
import { payloadType, requestIdDescription } from '../write/payload.ts';
import { once, propose } from '../write/propose.ts';
import { requireTask, Task } from './task/types.ts';
import { User } from './user.ts';

/** Path prefix of the node's download endpoint; the node serves `<prefix><attachment id>`. */
export const attachmentDownloadPathPrefix = '/attachments/';

/** A file attached to a task. */
export const Attachment = builder.objectRef<AttachmentRow>('Attachment');

/** Attachments the viewer may read, in `ids` order (null for the rest). */
export async function loadAttachments(context: GraphQLContext, ids: readonly string[]) {
  const rows = await attachmentsByIds(context.db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return Promise.all(
    ids.map(async (id) => {
      const row = byId.get(id);
      return row && (await context.access.canRead(row.projectId)) ? row : null;
    }),
  );
}

builder.node(Attachment, {
  description: [
    'A file attached to a task (at most 1 MiB). Download it from `downloadUrl` with the same',
    'credentials as the API.',
  ].join(' '),
  id: { resolve: (attachment) => attachment.id },
  authScopes: (attachment, context) => context.access.canRead(attachment.projectId),
  loadMany: (ids, context) => loadAttachments(context, ids),
  fields: (t) => ({
    fileName: t.exposeString('fileName', {
      description: 'Name as uploaded, trimmed to 255 characters (`file` when it had none).',
    }),
    contentType: t.exposeString('contentType', {
      description: 'MIME type as uploaded (`application/octet-stream` when unknown).',
    }),
    sizeBytes: t.exposeInt('sizeBytes', { description: 'Size in bytes.' }),
    sha256: t.exposeString('sha256', {
      description: 'SHA-256 of the content, lower-case hex.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was uploaded.' }),
    downloadUrl: t.string({
      description: [
        'Path of the file on the node that answered (`/attachments/<id>`; every node serves it).',
        'GET it with the same `Authorization` header or session cookie: access is checked again.',
      ].join(' '),
      resolve: (a) => `${attachmentDownloadPathPrefix}${encodeGlobalId('Attachment', a.id)}`,
    }),
    uploadedBy: t.field({
      type: User,
      nullable: true,
      description: 'Who uploaded it; null when you cannot see them (no longer in your projects).',
      resolve: async (a, _args, context) =>
        (await context.access.canSeeUser(a.uploadedBy))
          ? ((await usersByIds(context.db, [a.uploadedBy]))[0] ?? null)
          : null,
    }),
  }),
});

builder.objectField(Task, 'attachments', (t) =>
  t.field({
    type: [Attachment],
    description: 'Files attached to this task, oldest first.',
    resolve: (task, _args, context) => attachmentsOfTask(context.db, task.id),
  }),
);

const AttachmentPayload = payloadType(
  'AttachmentPayload',
  'attachment',
  Attachment,
  'The attachment after the change.',
  'The attachment as this node has it right after the change; null after `deleteAttachment`.',
);

function contentTypeOf(file: File): string {
  const type = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream';
}

builder.mutationField('uploadAttachment', (t) =>
  t.field({
    type: AttachmentPayload,
    description: [
      `Attaches a file to a task. Members and up. Send a GraphQL multipart request with the`,
      `header \`x-graphql-yoga-csrf: 1\`; BAD_USER_INPUT for a file over ${attachmentSizeMaxBytes}`,
      'bytes.',
    ].join(' '),
    args: {
      taskId: t.arg.globalID({ required: true, for: Task, description: 'The task.' }),
      file: t.arg({
        type: 'File',
        required: true,
        description: `The file, at most ${attachmentSizeMaxBytes} bytes.`,
      }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const task = await requireTask(context, args.taskId.id);
      await context.access.require(task.projectId, 'member');
      if (args.file.size > attachmentSizeMaxBytes) {
        throw invalidInput(`files are at most ${attachmentSizeMaxBytes} bytes`);
      }
      const content = Buffer.from(await args.file.arrayBuffer());
      if (content.length > attachmentSizeMaxBytes) {
        throw invalidInput(`files are at most ${attachmentSizeMaxBytes} bytes`);
      }
      const fileName = args.file.name.trim().slice(0, 255) || 'file';
      const committed = await propose(context, {
        type: 'attachment.add',
        payload: {
          attachmentId: context.newId(),
          taskId: task.id,
          fileName,
          contentType: contentTypeOf(args.file),
          sha256: createHash('sha256').update(content).digest('hex'),
          contentBase64: content.toString('base64'),
        },
        requestId: args.requestId,
      });
      const [attachment] = await loadAttachments(context, [committed.id('attachmentId')]);
      return { index: committed.index, entity: attachment ?? null };
    },
  }),
);

builder.mutationField('deleteAttachment', (t) =>
  t.field({
    type: AttachmentPayload,
    description: [
      'Deletes an attachment. Its uploader while a member, or an admin or owner (FORBIDDEN',
      'otherwise).',
    ].join(' '),
    args: {
      id: t.arg.globalID({ required: true, for: Attachment, description: 'The attachment.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const viewer = context.viewer;
      if (viewer === null) throw unauthenticated();
      const committed = await once(context, args.requestId, async () => {
        const [attachment] = await loadAttachments(context, [args.id.id]);
        if (!attachment) throw notFound('attachment not found');
        const role = await context.access.require(attachment.projectId, 'member');
        if (attachment.uploadedBy !== viewer.userId && role === 'member') {
          throw forbidden('only its uploader or an admin deletes an attachment');
        }
        return propose(context, {
          type: 'attachment.delete',
          payload: { attachmentId: attachment.id },
          requestId: args.requestId,
        });
      });
      return { index: committed.index, entity: null };
    },
  }),
);
