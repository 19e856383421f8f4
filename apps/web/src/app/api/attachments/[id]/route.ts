import { forwardRequest } from '../../../../server/forward.ts';

/** Attachment downloads: the node checks the session's access again on every request. */
export const dynamic = 'force-dynamic';

export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return forwardRequest(request, `/attachments/${encodeURIComponent(id)}`);
}
