// Goal: stand in for the web server's forwarding (src/server/forward.ts) in front of in-process
// nodes, with a hand on the plug: a test can kill a node mid-stream and hold new connections.
import { breakableBody } from './breakable-body.ts';
import type { InProcessNode } from './in-process-cluster.ts';

/** One request the gateway received: the node it went to and the variables it carried. */
export interface GatewayRequest {
  nodeId: string;
  variables: Record<string, unknown>;
}

/** A `fetch` that routes to the first node still alive, like the web server does. */
export interface FailoverGateway {
  fetch: typeof fetch;
  requests: GatewayRequest[];
  /** Requests that arrived, held ones included. */
  readonly arrivals: number;
  /**
   * The node dies: its open responses break off mid-stream (the reader sees a network error,
   * as a browser does when the server's socket closes) and it refuses new connections.
   */
  kill(nodeId: string): void;
  /** New connections wait, as if in flight, until the returned function is called. */
  hold(): () => void;
}

/** Routes requests to `nodes` in order of preference, naming the node in `x-raftboard-node`. */
export function createFailoverGateway(nodes: InProcessNode[]): FailoverGateway {
  const dead = new Set<string>();
  const cutOffs = new Map<string, Set<(reason: Error) => void>>();
  const requests: GatewayRequest[] = [];
  let gate: Promise<void> = Promise.resolve();
  let arrivals = 0;

  const gatewayFetch: typeof fetch = async (input, init) => {
    arrivals += 1;
    await gate;
    const target = nodes.find(({ id }) => !dead.has(id));
    if (!target) throw new TypeError('fetch failed: no node is reachable');
    const nodeId = target.id;
    const sent = typeof init?.body === 'string' ? init.body : '{}';
    const variables = (JSON.parse(sent) as { variables?: Record<string, unknown> }).variables;
    requests.push({ nodeId, variables: variables ?? {} });
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const upstream = await target.yoga.fetch(url, { ...init, signal: null });
    const headers = new Headers(upstream.headers);
    headers.set('x-raftboard-node', nodeId);
    if (!upstream.body) return new Response(null, { status: upstream.status, headers });
    const body = breakableBody(upstream.body, init?.signal);
    const open = cutOffs.get(nodeId) ?? new Set();
    open.add(body.cutOff);
    cutOffs.set(nodeId, open);
    void body.ended.then(() => open.delete(body.cutOff));
    return new Response(body.stream, { status: upstream.status, headers });
  };

  return {
    fetch: gatewayFetch,
    requests,
    get arrivals() {
      return arrivals;
    },
    kill(nodeId) {
      dead.add(nodeId);
      for (const cut of [...(cutOffs.get(nodeId) ?? [])]) {
        cut(new TypeError(`network error: ${nodeId} died`));
      }
    },
    hold() {
      let release: () => void = () => undefined;
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
  };
}
