import { forwardToCluster, NoNodeReachableError } from './node-pool.ts';
import {
  forwardedFor,
  preferredNodeCookieName,
  readCookie,
  sameOrigin,
  sessionCookieName,
} from './session.ts';

/** Largest request body forwarded: an attachment of 1 MiB, base64-free multipart, with room. */
export const forwardBodyBytesMax = 2 * 1024 * 1024 + 64 * 1024;

/** Request headers a node needs; everything else (cookies above all) stays here. */
const forwardedRequestHeaders = ['accept', 'content-type', 'x-graphql-yoga-csrf'];
/** Response headers the browser needs from a node. */
const forwardedResponseHeaders = ['content-type', 'content-disposition', 'cache-control', 'etag'];

function jsonError(status: number, code: string, message: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code } }] },
    { status, headers: { 'cache-control': 'no-store' } },
  );
}

async function boundedBody(request: Request): Promise<ArrayBuffer | null | 'too-large'> {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > forwardBodyBytesMax) return 'too-large';
  const body = await request.arrayBuffer();
  return body.byteLength > forwardBodyBytesMax ? 'too-large' : body;
}

/**
 * Forwards one browser request to a healthy cluster node at `path`: the session cookie becomes
 * `Authorization: Bearer`, the answer streams back (SSE included) with `x-raftboard-node` naming
 * the node that answered. Refuses cross-site state changes and oversized bodies; answers 503
 * with code UNAVAILABLE when no node is reachable, which the client retries with the same
 * requestId.
 */
export async function forwardRequest(request: Request, path: string): Promise<Response> {
  if (request.method !== 'GET' && !sameOrigin(request)) {
    return jsonError(403, 'FORBIDDEN', 'cross-site request refused');
  }
  const body = await boundedBody(request);
  if (body === 'too-large') {
    return jsonError(413, 'BAD_USER_INPUT', `request body over ${forwardBodyBytesMax} bytes`);
  }
  const headers = new Headers();
  for (const name of forwardedRequestHeaders) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const chain = forwardedFor(request);
  if (chain !== null) headers.set('x-forwarded-for', chain);
  const cookies = request.headers.get('cookie');
  const token = readCookie(cookies, sessionCookieName);
  if (token !== null && token.length > 0) headers.set('authorization', `Bearer ${token}`);
  try {
    const { response, node } = await forwardToCluster(
      { path, method: request.method, headers, body, signal: request.signal },
      { preferredId: readCookie(cookies, preferredNodeCookieName), affinityKey: token ?? '' },
    );
    const answer = new Headers({ 'x-raftboard-node': node.id });
    for (const name of forwardedResponseHeaders) {
      const value = response.headers.get(name);
      if (value !== null) answer.set(name, value);
    }
    if (response.headers.get('content-type')?.includes('text/event-stream')) {
      answer.set('cache-control', 'no-cache, no-transform');
      answer.set('x-accel-buffering', 'no');
    }
    return new Response(response.body, { status: response.status, headers: answer });
  } catch (error) {
    if (error instanceof NoNodeReachableError) {
      return jsonError(503, 'UNAVAILABLE', 'no cluster node is reachable right now');
    }
    throw error;
  }
}
