import { isCalendarFeedFile } from '../../../features/settings/calendar-words.ts';
import { forwardToCluster, NoNodeReachableError } from '../../../server/node-pool.ts';

/**
 * `GET /calendar/<token>.ics`, the URL calendar apps subscribe to, on the board's own address:
 * forwarded to a healthy node, which checks the token and renders the feed. The token is the
 * only credential: no cookie or session goes upstream, and the answer streams back with its
 * status and caching headers as the node gave them (404 for any unknown, revoked or malformed
 * token alike).
 */
export const dynamic = 'force-dynamic';

/** Response headers a calendar app needs from the node. */
const forwardedResponseHeaders = [
  'content-type',
  'content-disposition',
  'cache-control',
  'etag',
  'last-modified',
  'x-content-type-options',
];

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export async function GET(
  request: Request,
  { params }: { params: Promise<{ file: string }> },
): Promise<Response> {
  const { file } = await params;
  // The node answers a malformed path with the same 404; refusing it here spares the trip.
  if (!isCalendarFeedFile(file)) return plain(404, 'not found');
  try {
    const { response } = await forwardToCluster(
      {
        path: `/calendar/${file}`,
        method: 'GET',
        headers: new Headers({ accept: 'text/calendar' }),
        body: null,
        signal: request.signal,
      },
      // Any node renders any feed; spreading by token keeps one app on one node.
      { preferredId: null, affinityKey: file },
    );
    const headers = new Headers();
    for (const name of forwardedResponseHeaders) {
      const value = response.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    return new Response(response.body, { status: response.status, headers });
  } catch (error) {
    if (error instanceof NoNodeReachableError) {
      return plain(503, 'no cluster node is reachable right now');
    }
    throw error;
  }
}
