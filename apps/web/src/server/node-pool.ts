/** How long a node that refused a connection is skipped before it is tried again. */
const nodeDownMs = 2_000;
/** Bound on waiting for a node to answer a request's headers (not the whole stream). */
const upstreamHeadersTimeoutMs = 30_000;

/** One cluster member as the web server knows it. */
export interface ClusterNode {
  /** Position in RAFTBOARD_NODES, 1-based ("n1" is the first). */
  id: string;
  url: string;
}

interface NodeHealth {
  downUntilMs: number;
}

/**
 * The cluster members the web server may forward to, from `RAFTBOARD_NODES` (comma-separated
 * base URLs: `http://127.0.0.1:7001,http://127.0.0.1:7002`). Fails loudly when unset: without
 * it the board cannot reach any data.
 */
export function clusterNodes(): ClusterNode[] {
  const raw = process.env.RAFTBOARD_NODES ?? '';
  if (parsed?.raw !== raw) parsed = { raw, nodes: parseNodes(raw) };
  return parsed.nodes;
}

function parseNodes(raw: string): ClusterNode[] {
  const urls = raw
    .split(',')
    .map((url) => url.trim().replace(/\/+$/, ''))
    .filter((url) => url.length > 0);
  if (urls.length === 0) {
    throw new Error('RAFTBOARD_NODES is not set: give the web server the cluster node URLs');
  }
  for (const url of urls) {
    if (!/^https?:\/\/[^/]+$/.test(url)) throw new Error(`RAFTBOARD_NODES: bad node URL ${url}`);
  }
  return urls.map((url, i) => ({ id: `n${i + 1}`, url }));
}

/** The last parse of RAFTBOARD_NODES: every request asks, the variable rarely changes. */
let parsed: { raw: string; nodes: ClusterNode[] } | undefined;

const health = new Map<string, NodeHealth>();

/** A small, stable hash (FNV-1a) of a browser's affinity key, to pick its usual node. */
function affinityHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * The order in which to try the nodes for one request: the preferred one first (when named),
 * then the others starting from the browser's usual node, nodes recently seen down last. A
 * browser stays on one node while it is up, so its reads never go back in time: a node's
 * applied index only grows, while two nodes may lag differently. Browsers spread over the
 * nodes by their affinity key (the session).
 */
export function nodeOrder(
  nodes: ClusterNode[],
  preferredId: string | null,
  affinityKey = '',
): ClusterNode[] {
  const now = Date.now();
  const offset = affinityHash(affinityKey) % nodes.length;
  const rotated = [...nodes.slice(offset), ...nodes.slice(0, offset)];
  const preferred = rotated.filter((node) => node.id === preferredId);
  const others = rotated.filter((node) => node.id !== preferredId);
  const ordered = [...preferred, ...others];
  const isUp = (node: ClusterNode) => (health.get(node.url)?.downUntilMs ?? 0) <= now;
  return [...ordered.filter(isUp), ...ordered.filter((node) => !isUp(node))];
}

function markDown(node: ClusterNode) {
  health.set(node.url, { downUntilMs: Date.now() + nodeDownMs });
}

/** A request to forward: everything but the node it goes to. */
export interface UpstreamRequest {
  path: string;
  method: string;
  headers: Headers;
  /** Buffered, so that the same bytes can be sent to the next node after a failure. */
  body: ArrayBuffer | null;
  /** Aborts the upstream request (the browser went away). */
  signal: AbortSignal;
}

/** Thrown when no node could be reached. */
export class NoNodeReachableError extends Error {
  override name = 'NoNodeReachableError';
}

/**
 * Sends `request` to the first node that answers, in `nodeOrder`. Only a failure to get a
 * response (refused, reset, timed out before headers) moves on to the next node: a response,
 * even an error, is final. That is safe for every GraphQL request the board makes, because each
 * mutation carries a `requestId` and a retried one returns its first outcome.
 */
export async function forwardToCluster(
  request: UpstreamRequest,
  route: { preferredId: string | null; affinityKey: string },
): Promise<{ response: Response; node: ClusterNode }> {
  const nodes = clusterNodes();
  const failures: string[] = [];
  for (const node of nodeOrder(nodes, route.preferredId, route.affinityKey)) {
    if (request.signal.aborted) break;
    const headersTimeout = AbortSignal.timeout(upstreamHeadersTimeoutMs);
    try {
      const response = await fetch(`${node.url}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.any([request.signal, headersTimeout]),
        redirect: 'manual',
      });
      return { response, node };
    } catch (error) {
      if (request.signal.aborted) break;
      markDown(node);
      failures.push(`${node.id}: ${(error as Error).message}`);
    }
  }
  throw new NoNodeReachableError(`no cluster node answered (${failures.join('; ')})`);
}
