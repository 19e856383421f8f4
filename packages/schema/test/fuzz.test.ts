// Goal: fuzzed inputs (fast-check) to mutations, filters, ids and cursors are answered with data
// or an expected error code, never an internal (masked) error.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeGlobalId } from '../src/global-id.ts';
import {
  type GraphQLResponse,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

/** Runs per property: enough to cross every branch, few enough to stay within seconds. */
const runsPerProperty = 40;

let server: TestServer;
let token: string;
let projectId: string;

function internal(response: GraphQLResponse): boolean {
  return (response.errors ?? []).some(
    (error) =>
      error.extensions?.code === 'INTERNAL_SERVER_ERROR' || error.message === 'Unexpected error.',
  );
}

beforeAll(async () => {
  server = await startTestServer('schema_fuzz');
  token = (await signUp(server, 'Fuzzer')).token;
  const created = await server.gql(
    'mutation { createProject(input: { name: "Fuzz" }) { project { id } } }',
    {},
    token,
  );
  projectId = (created.data as LooseData).createProject.project.id;
});
afterAll(() => server.close());

const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '%', '_', '\\', "'; DROP TABLE tasks; --", '\u0000', 'a'.repeat(70_000)),
);
const id = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('Task', 'VGFzazo=', encodeGlobalId('Task', 'x'), encodeGlobalId('User', 'y')),
  fc.string({ maxLength: 40 }).map((raw) => encodeGlobalId('Task', raw)),
);
const date = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('2026-02-30', '2026-12-01', '0000-00-00', '9999-12-31'),
);

it('createTask and updateTask never fail internally', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        title: text,
        description: fc.option(text),
        dueDate: fc.option(date),
        priority: fc.option(fc.constantFrom('NONE', 'URGENT', 'nope')),
        parentId: fc.option(id),
        requestId: fc.option(fc.string({ maxLength: 80 })),
      }),
      async (input) => {
        const response = await server.gql(
          `mutation ($i: CreateTaskInput!) { createTask(input: $i) { task { id } } }`,
          { i: { projectId, ...input } },
          token,
        );
        expect(internal(response), JSON.stringify(response.errors)).toBe(false);
      },
    ),
    { numRuns: runsPerProperty },
  );
});

it('filters, orders and cursors never fail internally', async () => {
  const comparator = fc.record(
    {
      eq: text,
      neq: text,
      in: fc.array(text, { maxLength: 120 }),
      contains: text,
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(
      fc.record(
        {
          text,
          title: comparator,
          id: fc.record({ eq: id, in: fc.array(id, { maxLength: 3 }) }, { requiredKeys: [] }),
          dueDate: fc.record({ lt: date, gt: date, null: fc.boolean() }, { requiredKeys: [] }),
          assignee: fc.record({ id: fc.record({ nin: fc.array(id) }) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          first: fc.integer({ min: -5, max: 200 }),
          last: fc.integer({ min: -5, max: 200 }),
          after: fc.oneof(fc.string({ maxLength: 30 }), fc.base64String({ maxLength: 40 })),
        },
        { requiredKeys: [] },
      ),
      async (filter, page) => {
        const response = await server.gql(
          `query ($p: ID!, $f: TaskFilter, $first: Int, $last: Int, $after: String) {
            project(id: $p) { tasks(filter: $f, first: $first, last: $last, after: $after) {
              totalCount edges { node { id } } } } }`,
          { p: projectId, f: filter, ...page },
          token,
        );
        expect(internal(response), JSON.stringify(response.errors)).toBe(false);
      },
    ),
    { numRuns: runsPerProperty },
  );
});

it('node, task and consistency arguments never fail internally', async () => {
  await fc.assert(
    fc.asyncProperty(id, fc.integer({ min: -10, max: 1 }), async (nodeId, minIndex) => {
      const response = await server.gql(
        `query ($id: ID!, $min: Int) { node(id: $id) { id } task(id: $id, minIndex: $min) { id } }`,
        { id: nodeId, min: minIndex },
        token,
      );
      expect(internal(response), JSON.stringify(response.errors)).toBe(false);
    }),
    { numRuns: runsPerProperty },
  );
});

it('signUp never fails internally', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.emailAddress(), fc.string({ maxLength: 300 })),
      fc.string({ maxLength: 300 }),
      text,
      async (email, password, name) => {
        const response = await server.gql(
          'mutation ($i: SignUpInput!) { signUp(input: $i) { token } }',
          { i: { email, password, name } },
        );
        expect(internal(response), JSON.stringify(response.errors)).toBe(false);
      },
    ),
    { numRuns: 15 },
  );
});
