// Goal: on real node processes, a recurring task's occurrences are made exactly once cluster-wide
// while the schedule clock (skewed through fault injection: an injected clock, not sleeps) moves
// days ahead across kill -9 of the leader: none skipped, none repeated, on every node.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BoardSession, catchUp, createTask, openBoard } from '../src/client/board.ts';
import { graphql } from '../src/client/graphql.ts';
import { TestCluster } from './support/cluster-fixture.ts';

let cluster: TestCluster;
let session: BoardSession;

const dayMs = 24 * 60 * 60 * 1_000;

beforeAll(async () => {
  cluster = await TestCluster.start({
    prefix: 'schedule',
    env: { RAFTBOARD_SCHEDULE_TICK_MS: '200' },
  });
  session = await openBoard(cluster.url(await cluster.leader()));
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

interface Occurrences {
  node: { recurrence: { made: number; nextAt: string | null } };
  project: { tasks: { edges: { node: { title: string; dueDate: string | null } }[] } };
}

/** The template's count and every task titled `title` with its due date, as node `url` has them. */
async function occurrencesOn(url: string, templateId: string, minIndex: number) {
  await catchUp(url, session, minIndex);
  const data = await graphql<Occurrences>(
    url,
    `query ($t: ID!, $p: ID!) {
      node(id: $t) { ... on Task { recurrence { made nextAt } } }
      project(id: $p) { tasks(first: 100) { edges { node { title dueDate } } } } }`,
    { t: templateId, p: session.projectId },
    { token: session.token },
  );
  const due = data.project.tasks.edges
    .map((edge) => edge.node)
    .filter((task) => task.title === 'Water the plants' && task.dueDate !== null)
    .map((task) => task.dueDate)
    .sort();
  return { made: data.node.recurrence.made, due };
}

/** Waits until node `url` made `count` occurrences. */
async function waitForMade(url: string, templateId: string, minIndex: number, count: number) {
  const deadline = Date.now() + 30_000;
  let seen = await occurrencesOn(url, templateId, minIndex);
  while (seen.made < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await occurrencesOn(url, templateId, minIndex);
  }
  return seen;
}

async function skewAll(ids: string[], clockSkewMs: number) {
  for (const id of ids) await cluster.setFaults(id, { clockSkewMs });
}

function day(start: number, n: number): string {
  return new Date(start + n * dayMs).toISOString().slice(0, 10);
}

it('makes each daily occurrence once across kill -9 of the leader', async () => {
  const leader = await cluster.leader();
  const url = cluster.url(leader);
  const template = await createTask(url, session, 'Water the plants');
  // Anchored an hour from now: nothing is due until the clock moves.
  const startsAt = Date.now() + 60 * 60 * 1_000;
  const { setTaskRecurrence } = await graphql<{ setTaskRecurrence: { index: number } }>(
    url,
    `mutation ($i: SetTaskRecurrenceInput!) { setTaskRecurrence(input: $i) { index } }`,
    { i: { taskId: template.id, rule: 'DAILY', startsAt: new Date(startsAt).toISOString() } },
    { token: session.token },
  );
  const everyone = cluster.nodes.map((node) => node.spec.id);
  expect((await occurrencesOn(url, template.id, setTaskRecurrence.index)).made).toBe(0);

  // A day and two hours later: the occurrences at +1 h and +1 d 1 h.
  await skewAll(everyone, dayMs + 2 * 60 * 60 * 1_000);
  const before = await waitForMade(url, template.id, setTaskRecurrence.index, 2);
  expect(before.due).toEqual([day(startsAt, 0), day(startsAt, 1)]);

  await cluster.cluster.node(leader).kill('SIGKILL');
  const survivors = cluster.others(leader);
  // Three days on, under a new leader: exactly the two days in between are added.
  await skewAll(survivors, 3 * dayMs + 2 * 60 * 60 * 1_000);
  const next = await cluster.leader();
  expect(next).not.toBe(leader);
  const after = await waitForMade(cluster.url(next), template.id, setTaskRecurrence.index, 4);
  expect(after.made).toBe(4);
  expect(after.due).toEqual([0, 1, 2, 3].map((n) => day(startsAt, n)));

  // The old leader comes back with its clock unskewed: its ticks, if it leads again, are
  // behind the replicated schedule clock and make nothing. Every node agrees.
  cluster.cluster.node(leader).start();
  const index = await cluster.waitConverged(setTaskRecurrence.index);
  for (const node of cluster.nodes) {
    const seen = await occurrencesOn(node.url, template.id, index);
    expect(seen).toEqual({ made: 4, due: [0, 1, 2, 3].map((n) => day(startsAt, n)) });
  }
  const [first, ...rest] = await Promise.all(everyone.map((id) => cluster.checksums(id)));
  for (const checksums of rest) expect(checksums).toEqual(first);
}, 120_000);
