// Goal: abusive documents (deep, aliased, long, costly, batched, cross-site) are refused before
// they run, field suggestions stay hidden, and GraphiQL/introspection follow the environment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/client.ts';
import { createRaftboardYoga } from '../src/yoga.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('schema_limits');
});
afterAll(() => server.close());

function deepQuery(depth: number): string {
  let selection = 'id';
  for (let level = 0; level < depth; level++) selection = `parent { ${selection} }`;
  return `query ($id: ID!) { task(id: $id) { ${selection} } }`;
}

function errorsOf(response: { errors?: { message: string }[] }): string[] {
  return (response.errors ?? []).map((error) => error.message);
}

async function rejected(query: string): Promise<string> {
  const response = await server.gql(query, { id: 'VGFzazox' });
  expect(response.data ?? null).toBeNull();
  return (response.errors ?? []).map((error) => error.message).join('\n');
}

describe('document limits', () => {
  it('refuses queries deeper than the limit', async () => {
    expect(await rejected(deepQuery(14))).toMatch(/depth limit/i);
    expect(errorsOf(await server.gql(deepQuery(8), { id: 'VGFzazox' }))).toEqual([]);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: cluster { term }`).join(' ');
    expect(await rejected(`{ ${aliases} }`)).toMatch(/alias/i);
  });

  it('refuses documents with too many tokens', async () => {
    const fields = (count: number) => Array.from({ length: count }, () => 'term').join(' ');
    expect(errorsOf(await server.gql(`{ cluster { ${fields(100)} } }`))).toEqual([]);
    const response = await server.gql(`{ cluster { ${fields(2_500)} } }`);
    expect(response.data ?? null).toBeNull();
    expect(errorsOf(response).length).toBeGreaterThan(0);
  });

  it('refuses queries over the cost budget', async () => {
    // With the default budget the token and depth limits bind first; a tighter budget shows
    // the cost rule itself at work on a deep, aliased document.
    const tight = await startTestServer('schema_cost', { limits: { costMax: 5_000 } });
    try {
      let selection = 'id title description version position';
      for (let level = 0; level < 9; level++) selection = `subtasks { ${selection} }`;
      const aliases = Array.from({ length: 19 }, (_, i) => `a${i}: task(id: $id) { ${selection} }`);
      const response = await tight.gql(`query ($id: ID!) { ${aliases.join(' ')} }`, {
        id: 'VGFzazox',
      });
      expect(response.data ?? null).toBeNull();
      expect(JSON.stringify(response.errors)).toMatch(/cost limit/i);
    } finally {
      await tight.close();
    }
  });

  it('admits the board: a page of tasks with their people and labels', async () => {
    const task = `id title priority dueDate startDate position version createdAt updatedAt
      completedAt status { id } parent { id } assignees { id name username } labels { id name color }`;
    const page = `query ($id: ID!) { project(id: $id) { id
      tasks(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${task} } } } } }`;
    // As Graphcache sends it: __typename on every object, which armor counts as a field.
    const typed = page.replaceAll('{', '{ __typename ');
    const response = await server.gql(
      typed.replace('query ($id: ID!) { __typename', 'query ($id: ID!) {'),
      { id: 'UHJvamVjdDp4' },
    );
    expect(JSON.stringify(response.errors ?? [])).not.toMatch(/cost limit|depth|token/i);
  });

  it('hides field and value suggestions', async () => {
    const field = await server.gql('{ clustr { term } }');
    expect(JSON.stringify(field.errors)).not.toMatch(/did you mean/i);
    const value = await server.gql(
      'query ($o: TaskOrder) { searchTasks(query: "ab", orderBy: $o) { totalCount } }',
      {
        o: { field: 'CREATE' },
      },
    );
    expect(value.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(value.errors)).not.toMatch(/did you mean/i);
  });
});

describe('transport', () => {
  it('does not batch', async () => {
    const response = await server.yoga.fetch('http://node.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ cluster { term } }' }, { query: '{ cluster { term } }' }]),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it('requires the CSRF header on multipart requests', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: '{ cluster { term } }' }));
    form.set('map', '{}');
    const response = await server.yoga.fetch('http://node.test/graphql', {
      method: 'POST',
      body: form,
    });
    expect(response.status).toBe(403);
  });

  it('serves GraphiQL and introspection in development only', async () => {
    const page = (yoga: TestServer['yoga']) =>
      yoga.fetch('http://node.test/graphql', { headers: { accept: 'text/html' } });
    const devPage = await page(server.yoga);
    expect(await devPage.text()).toMatch(/graphiql/i);
    const production = createRaftboardYoga({ node: server.node, production: true }).yoga;
    expect(await (await page(production)).text()).not.toMatch(/<html/i);
    const introspect = await production.fetch('http://node.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });
    expect(((await introspect.json()) as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    const enabled = createRaftboardYoga({
      node: server.node,
      production: true,
      introspection: true,
    }).yoga;
    const allowed = await enabled.fetch('http://node.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(await allowed.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
