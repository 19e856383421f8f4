import { clusterNodes } from '../../../server/node-pool.ts';
import {
  isSecure,
  preferredNodeCookieName,
  readCookie,
  sameOrigin,
} from '../../../server/session.ts';

/** The nodes the board forwards to, and the one this browser prefers (cluster page). */
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const preferred = readCookie(request.headers.get('cookie'), preferredNodeCookieName);
  return Response.json({ nodes: clusterNodes(), preferredNodeId: preferred });
}

/** `{ nodeId: "n2" | null }`: send this browser's requests to that node first. */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return Response.json({ error: 'cross-site' }, { status: 403 });
  const body = (await request.json().catch(() => null)) as { nodeId?: unknown } | null;
  const nodeId = body?.nodeId ?? null;
  const known = clusterNodes().some((node) => node.id === nodeId);
  if (nodeId !== null && !known) return Response.json({ error: 'unknown node' }, { status: 400 });
  const secure = isSecure(request) ? '; Secure' : '';
  const cookie =
    nodeId === null
      ? `${preferredNodeCookieName}=; Path=/; SameSite=Lax; Max-Age=0${secure}`
      : `${preferredNodeCookieName}=${nodeId}; Path=/; SameSite=Lax; Max-Age=31536000${secure}`;
  const response = Response.json({ preferredNodeId: nodeId });
  response.headers.append('set-cookie', cookie);
  return response;
}
