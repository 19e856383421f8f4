import { attachmentContent, attachmentsByIds } from '@raftboard/db/queries/attachments';
import { ProjectAccess } from '../auth/access.ts';
import { resolveViewer } from '../auth/viewer.ts';
import type { NodeServices } from '../context.ts';
import { decodeGlobalId } from '../global-id.ts';
import { corsHeaders, type TrustedOrigins } from '../trusted-origins.ts';

function status(code: number, message: string): Response {
  return new Response(message, { status: code, headers: { 'content-type': 'text/plain' } });
}

/** `filename*` per RFC 6266/5987, plus an ASCII fallback. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Serves `GET /attachments/<attachment global id>` for the node: authenticates the request
 * like the API does (Bearer token or session cookie, needing the read scope), answers 401 for
 * anonymous callers, 404 for attachments that do not exist or belong to a project the caller
 * is not in (existence is not confirmed), and otherwise the bytes as a download with
 * `nosniff`, so a file cannot run as a page of this origin. Only a request from one of
 * `trustedOrigins` (default: none) gets a CORS grant, as on the GraphQL endpoint.
 */
export async function serveAttachmentDownload(
  node: Pick<NodeServices, 'db' | 'now'>,
  request: Request,
  globalId: string,
  trustedOrigins: TrustedOrigins = new Set(),
): Promise<Response> {
  const response = await attachmentResponse(node, request, globalId);
  const grant = corsHeaders(request.headers.get('origin'), trustedOrigins);
  for (const [name, value] of Object.entries(grant)) response.headers.set(name, value);
  response.headers.append('vary', 'Origin');
  return response;
}

async function attachmentResponse(
  node: Pick<NodeServices, 'db' | 'now'>,
  request: Request,
  globalId: string,
): Promise<Response> {
  const viewer = await resolveViewer(node.db, request.headers, node.now(), null);
  if (viewer === null) return status(401, 'sign in first');
  let id: string;
  try {
    const decoded = decodeGlobalId(globalId);
    if (decoded.typename !== 'Attachment') return status(404, 'not found');
    id = decoded.id;
  } catch {
    return status(404, 'not found');
  }
  const [attachment] = await attachmentsByIds(node.db, [id]);
  const access = new ProjectAccess(node.db, viewer);
  if (!attachment || !(await access.canRead(attachment.projectId))) {
    return status(404, 'not found');
  }
  const content = await attachmentContent(node.db, attachment.sha256);
  if (!content) return status(404, 'not found');
  return new Response(new Uint8Array(content), {
    status: 200,
    headers: {
      'content-type': attachment.contentType,
      'content-length': String(content.length),
      'content-disposition': contentDisposition(attachment.fileName),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
}
