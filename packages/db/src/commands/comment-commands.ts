import { z } from 'zod';
import { attachmentSizeMaxBytes } from '../schema/attachments.ts';
import { bodyLengthMax, commandSchema, entityId } from './fields.ts';

const body = z.string().trim().min(1).max(bodyLengthMax);
const base64LengthMax = Math.ceil(attachmentSizeMaxBytes / 3) * 4;

/** Commands about the conversation on a task: comments and attachments. */
export const commentCommandSchemas = [
  commandSchema('comment.add', z.strictObject({ commentId: entityId, taskId: entityId, body })),
  commandSchema('comment.edit', z.strictObject({ commentId: entityId, body })),
  commandSchema('comment.delete', z.strictObject({ commentId: entityId })),
  commandSchema(
    'attachment.add',
    z.strictObject({
      attachmentId: entityId,
      taskId: entityId,
      fileName: z.string().trim().min(1).max(255),
      contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256'),
      contentBase64: z.base64().max(base64LengthMax, 'attachment is larger than 1 MiB'),
    }),
  ),
  commandSchema('attachment.delete', z.strictObject({ attachmentId: entityId })),
] as const;
