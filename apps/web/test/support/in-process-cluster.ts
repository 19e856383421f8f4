// Goal: give the web tests a real Raftboard API without a port: several in-process nodes (each
// on its own MySQL database, applying one shared log), each with its Yoga server, reached
// through `yoga.fetch`.
import { createLocalCluster, type LocalNode } from '@raftboard/schema/testing/local-node';
import { createRaftboardYoga, type RaftboardYoga } from '@raftboard/schema/yoga';
import { breakableBody } from './breakable-body.ts';

/** A GraphQL answer as the tests read it (each test knows its own query). */
export interface LooseResponse {
  // biome-ignore lint/suspicious/noExplicitAny: tests read response data without codegen.
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One in-process node and the Yoga server over it. */
export interface InProcessNode {
  /** `n1`, `n2`…, as the local cluster names its members. */
  id: string;
  node: LocalNode;
  yoga: RaftboardYoga['yoga'];
}

/** Nodes sharing one log; `ok` runs an operation on one of them and throws on any error. */
export interface InProcessCluster {
  nodes: InProcessNode[];
  ok(
    on: number,
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<NonNullable<LooseResponse['data']>>;
  /** Signs up a new person on node `on`; returns their bearer token and global id. */
  signUp(on: number, name: string): Promise<{ token: string; userId: string }>;
  close(): Promise<void>;
}

/** How long `close()` waits for open subscriptions to wind down before closing the pools. */
const drainWaitMs = 2_000;
/** Grace after the last subscriber left, for subscription reads already in flight. */
const closeGraceMs = 200;

let signUpCounter = 0;

/** Starts `size` nodes on fresh databases named after `prefix`; `close()` drops them. */
export async function startInProcessCluster(
  prefix: string,
  size: number,
): Promise<InProcessCluster> {
  const localNodes = await createLocalCluster(prefix, size);
  const nodes = localNodes.map((node, member) => ({
    id: `n${member + 1}`,
    node,
    yoga: createRaftboardYoga({ node, production: false }).yoga,
  }));
  const ok: InProcessCluster['ok'] = async (on, query, variables = {}, token) => {
    const target = nodes[on];
    if (!target) throw new Error(`no node ${on}`);
    const response = await target.yoga.fetch('http://node.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json()) as LooseResponse;
    if (answer.errors?.length || !answer.data) {
      throw new Error(`${query.trim().slice(0, 60)}: ${JSON.stringify(answer.errors)}`);
    }
    return answer.data;
  };
  const signUp: InProcessCluster['signUp'] = async (on, name) => {
    signUpCounter += 1;
    const email = `${name.toLowerCase()}${signUpCounter}-${Date.now()}@example.test`;
    const data = await ok(
      on,
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`,
      { input: { email, password: 'correct horse battery', name } },
    );
    return { token: data.signUp.token as string, userId: data.signUp.user.id as string };
  };
  const close = async () => {
    const open = () => nodes.some(({ node }) => node.hub.subscriberCount > 0);
    for (let waited = 0; open() && waited < drainWaitMs; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, closeGraceMs));
    for (const { node } of nodes) await node.close();
  };
  return { nodes, ok, signUp, close };
}

/** The operation name a GraphQL POST body names, or null. */
export function operationNameOf(body: unknown): string | null {
  if (typeof body !== 'string') return null;
  try {
    const parsed = JSON.parse(body) as { operationName?: unknown; query?: unknown };
    if (typeof parsed.operationName === 'string') return parsed.operationName;
    const named =
      typeof parsed.query === 'string' ? /\b(?:query|mutation|subscription)\s+(\w+)/ : null;
    return named?.exec(parsed.query as string)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * `fetch` for a browser-side client: every request goes to `yoga` as `token`, and aborting it
 * breaks off the answer's body, as a browser's fetch does.
 */
export function fetchAs(yoga: InProcessNode['yoga'], token: string): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const response = await yoga.fetch(url, { ...init, headers, signal: null });
    if (!response.body) return response;
    const { stream } = breakableBody(response.body, init?.signal);
    return new Response(stream, { status: response.status, headers: response.headers });
  };
}
