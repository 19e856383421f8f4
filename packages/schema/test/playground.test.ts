// Goal: GraphiQL on a node opens on Raftboard's own examples (sign up, create a board and a
// task, read the board) with the Authorization header explained, its assets are served by the
// node itself, and the examples are valid against the schema and run as written.
import { type OperationDefinitionNode, parse, validate } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { playgroundOperationNames } from '../src/playground-examples.ts';
import { type LooseData, startTestServer, type TestServer } from '../src/testing/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('schema_playground');
});
afterAll(() => server.close());

/** The GraphiQL options the page hands to `renderYogaGraphiQL`, read back from the HTML. */
interface PageOptions {
  title?: string;
  defaultQuery?: string;
  headers?: string;
  variables?: string;
}

async function playgroundPage(): Promise<{ html: string; options: PageOptions }> {
  const response = await server.yoga.fetch('http://node.test/graphql', {
    headers: { accept: 'text/html' },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/html');
  const html = await response.text();
  const json = /renderYogaGraphiQL\(\s*[^,]+,\s*(\{.*\}),\s*\);/.exec(html)?.[1];
  if (json === undefined) throw new Error('the page does not call renderYogaGraphiQL(…, options)');
  return { html, options: JSON.parse(json) as PageOptions };
}

async function run(
  document: string,
  operationName: string,
  variables: Record<string, unknown>,
  token: string | null,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await server.yoga.fetch('http://node.test/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: document, operationName, variables }),
  });
  const result = (await response.json()) as { data?: LooseData; errors?: unknown[] };
  expect(result.errors, `${operationName} answered errors`).toBeUndefined();
  return result.data as LooseData;
}

it('opens on the examples, with the token explained and no asset from elsewhere', async () => {
  const { html, options } = await playgroundPage();
  expect(html).toContain('<title>Raftboard API</title>');
  expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="(https?:)?\/\//);
  const document = options.defaultQuery ?? '';
  for (const name of playgroundOperationNames) expect(document).toContain(` ${name}`);
  expect(document).toMatch(/^#\s+Authorization: Bearer <token>$/m);
  expect(document).toMatch(/createApiToken/);
  expect(JSON.parse(options.headers ?? '{}').Authorization).toMatch(/^Bearer /);
  expect(JSON.parse(options.variables ?? '{}')).toHaveProperty('projectId');
});

it('serves examples that validate against the schema', async () => {
  const document = parse((await playgroundPage()).options.defaultQuery ?? '');
  const names = document.definitions.map((node) => (node as OperationDefinitionNode).name?.value);
  expect(names).toEqual(playgroundOperationNames);
  expect(validate(server.schema, document).map((error) => error.message)).toEqual([]);
});

it('runs the examples as written, in order', async () => {
  const document = (await playgroundPage()).options.defaultQuery ?? '';
  const signedUp = await run(document, 'SignUp', {}, null);
  const token = signedUp.signUp.token as string;
  const board = await run(document, 'CreateBoard', {}, token);
  const projectId = board.createProject.project.id as string;
  const again = await run(document, 'CreateBoard', {}, token);
  expect(again.createProject.project.id).toBe(projectId);
  const created = await run(document, 'CreateTask', { projectId }, token);
  expect(created.createTask.task.status.name).toBe('Todo');
  const read = await run(document, 'ReadBoard', { projectId }, token);
  expect(read.project.tasks.totalCount).toBe(1);
  expect(read.project.tasks.edges[0].node.title).toBe('Write the announcement');
});
