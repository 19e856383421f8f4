import { forwardToCluster } from './node-pool.ts';
import { forwardedFor, preferredNodeCookieName, readCookie } from './session.ts';

/** A GraphQL error as a node answers it. */
export interface ClusterError {
  message: string;
  extensions?: { code?: string; reason?: unknown };
}

/**
 * Sends one GraphQL operation to a node on behalf of `request` (its client address and preferred
 * node kept), as `token`'s holder when given; the answer as the node gave it.
 */
export async function clusterGraphql<T>(
  request: Request,
  query: string,
  variables: Record<string, unknown>,
  token: string | null = null,
): Promise<{ data?: T | null; errors?: ClusterError[] }> {
  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  const chain = forwardedFor(request);
  if (chain !== null) headers.set('x-forwarded-for', chain);
  const { response } = await forwardToCluster(
    {
      path: '/graphql',
      method: 'POST',
      headers,
      body: new TextEncoder().encode(JSON.stringify({ query, variables })).buffer as ArrayBuffer,
      signal: request.signal,
    },
    {
      preferredId: readCookie(request.headers.get('cookie'), preferredNodeCookieName),
      affinityKey: token ?? '',
    },
  );
  return (await response.json()) as { data?: T | null; errors?: ClusterError[] };
}
