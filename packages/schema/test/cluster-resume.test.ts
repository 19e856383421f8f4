// Goal: on a cluster of in-process nodes sharing one log, a client reads its own write on a
// lagging node with minIndex, and a change feed resumed on another node with the last index
// seen continues with no gap and no duplicate.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drainGraceMs, gqlThrough, type LooseData, subscribeSse } from '../src/testing/client.ts';
import { createLocalCluster, type LocalNode } from '../src/testing/local-node.ts';
import { createRaftboardYoga, type RaftboardYoga } from '../src/yoga.ts';

let nodes: LocalNode[];
let servers: RaftboardYoga[];

const gql = (on: number, query: string, variables: Record<string, unknown> = {}, token?: string) =>
  gqlThrough(servers[on] as RaftboardYoga, query, variables, token);

beforeAll(async () => {
  nodes = await createLocalCluster('schema_cluster_resume', 2);
  servers = nodes.map((node) => createRaftboardYoga({ node, production: false }));
});
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, drainGraceMs));
  for (const node of nodes) await node.close();
});

it('reads its own write on a lagging node and resumes a feed on another node', async () => {
  const signedUp = await gql(
    0,
    `mutation { signUp(input: { email: "two@example.test", password: "long enough pw",
      name: "Two" }) { token } }`,
  );
  const token = (signedUp.data as LooseData).signUp.token as string;
  const project = await gql(
    0,
    'mutation { createProject(input: { name: "C" }) { project { id } } }',
    {},
    token,
  );
  const projectId = (project.data as LooseData).createProject.project.id;
  const create = `mutation ($p: ID!, $t: String!) {
    createTask(input: { projectId: $p, title: $t }) { index task { id } } }`;
  const feed = `subscription ($p: ID!, $after: Int) { projectEvents(projectId: $p, after: $after) {
    type index event { payload } } }`;
  const first = await subscribeSse(servers[0] as RaftboardYoga, feed, { p: projectId }, token);
  const a = (await gql(0, create, { p: projectId, t: 'a' }, token)).data as LooseData;
  const seen = (await first.next())?.data?.projectEvents;
  expect(seen.index).toBe(a.createTask.index);
  await first.close();

  (nodes[1] as LocalNode).paused = true;
  const b = (await gql(0, create, { p: projectId, t: 'b' }, token)).data as LooseData;
  const c = (await gql(0, create, { p: projectId, t: 'c' }, token)).data as LooseData;
  const read = gql(
    1,
    'query ($id: ID!, $min: Int) { task(id: $id, minIndex: $min) { title } }',
    {
      id: c.createTask.task.id,
      min: c.createTask.index,
    },
    token,
  );
  setTimeout(() => void (nodes[1] as LocalNode).resume(), 100);
  expect((await read).data).toEqual({ task: { title: 'c' } });

  const resumed = await subscribeSse(
    servers[1] as RaftboardYoga,
    feed,
    { p: projectId, after: seen.index },
    token,
  );
  const titles = [(await resumed.next())?.data, (await resumed.next())?.data].map(
    (data) => data?.projectEvents.event.payload.title,
  );
  expect(titles).toEqual(['b', 'c']);
  const d = (await gql(0, create, { p: projectId, t: 'd' }, token)).data as LooseData;
  expect((await resumed.next())?.data?.projectEvents.index).toBe(d.createTask.index);
  await resumed.close();
  expect(b.createTask.index).toBe(seen.index + 1);
});
