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

/** Starts a test server on a fresh database named after `prefix`. */
export async function startTestServer(
  prefix: string,
  options: Partial<RaftboardYogaOptions> = {},
): Promise<TestServer> {
  const node = await createLocalNode(prefix);
  const server = createRaftboardYoga({ production: false, ...options, node });
  const gql: TestServer['gql'] = async (query, variables = {}, token = null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await server.yoga.fetch('http://node.test/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as never;
  };
  return { ...server, node, gql, close: () => node.close() };
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
