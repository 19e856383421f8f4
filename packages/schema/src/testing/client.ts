import { createRaftboardYoga, type RaftboardYoga, type RaftboardYogaOptions } from '../yoga.ts';
import { createLocalNode, type LocalNode } from './local-node.ts';

/** Response data as tests read it: loosely, since each test knows its own query. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response data without codegen.
export type LooseData = Record<string, any>;

/** A GraphQL response as tests read it. */
export interface GraphQLResponse<Data = LooseData> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** A local node and a Yoga server over it, driven through `yoga.fetch` (no port). */
export interface TestServer extends RaftboardYoga {
  node: LocalNode;
  /** Runs one operation, as `token` when given. */
  gql<Data = LooseData>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

/** How long `close()` waits for open subscriptions to wind down before closing the pool. */
export const drainWaitMs = 2_000;
/** Grace after the last subscriber left, for reads already in flight. */
export const drainGraceMs = 200;

/** Starts a test server on a fresh database named after `prefix`. */
export async function startTestServer(
  prefix: string,
  options: Partial<RaftboardYogaOptions> = {},
): Promise<TestServer> {
  const node = await createLocalNode(prefix);
  const server = createRaftboardYoga({ production: false, ...options, node });
  const gql: TestServer['gql'] = (query, variables = {}, token = null) =>
    gqlThrough(server, query, variables, token);
  const close = async () => {
    for (let waited = 0; node.hub.subscriberCount > 0 && waited < drainWaitMs; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // A closed subscription may still finish a query it started; let it before the pool goes.
    await new Promise((resolve) => setTimeout(resolve, drainGraceMs));
    await node.close();
  };
  return { ...server, node, gql, close };
}

/** Runs one operation through `server.yoga.fetch`, as `token` when given. */
export async function gqlThrough<Data = LooseData>(
  server: Pick<RaftboardYoga, 'yoga'>,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = null,
): Promise<GraphQLResponse<Data>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await server.yoga.fetch('http://node.test/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<Data>;
}

/** The `extensions.code` of every error of a response, in order. */
export function errorCodes(response: GraphQLResponse): string[] {
  return (response.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE');
}

let userCounter = 0;

/** Signs up a new user and returns their token and global id. */
export async function signUp(server: TestServer, name = 'user') {
  userCounter += 1;
  const email = `${name.toLowerCase()}${userCounter}-${Date.now()}@example.test`;
  const response = await server.gql<{
    signUp: { token: string; user: { id: string; username: string } };
  }>(`mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id username } } }`, {
    input: { email, password: 'correct horse battery', name },
  });
  if (!response.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(response.errors)}`);
  return { ...response.data.signUp, email };
}

/** An open SSE subscription read message by message. */
export interface TestSubscription {
  /** The next `next` payload; null when the stream completed. Throws after `timeoutMs`. */
  next(timeoutMs?: number): Promise<GraphQLResponse | null>;
  close(): Promise<void>;
}

/** Bound on how long a test waits for one SSE message. */
export const sseMessageTimeoutMs = 5_000;

/** Opens a subscription over SSE (Yoga's default transport) through `yoga.fetch`. */
export async function subscribeSse(
  server: Pick<TestServer, 'yoga'>,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = null,
): Promise<TestSubscription> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
  };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await server.yoga.fetch('http://node.test/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = response.body;
  if (!body) throw new Error(`no SSE body (status ${response.status})`);
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const readChunk = (timeoutMs: number) =>
    Promise.race([
      reader.read(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('SSE message timed out')), timeoutMs),
      ),
    ]);
  return {
    async next(timeoutMs = sseMessageTimeoutMs) {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === 'complete') return null;
          if (event === 'next' && data) return JSON.parse(data) as GraphQLResponse;
          continue;
        }
        const chunk = await readChunk(timeoutMs);
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
    },
  };
}
