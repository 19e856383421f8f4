// Goal: members make a task recur with a preset or an RRULE and stop it again; bad rules are
// refused before anything is proposed or by apply, with BAD_USER_INPUT; viewers cannot.
import { systemActor } from '@raftboard/db/commands';
import { uuidv7 } from '@raftboard/uuidv7';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signUp>>;
let viewer: Awaited<ReturnType<typeof signUp>>;
let projectId: string;

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

const set = `mutation ($i: SetTaskRecurrenceInput!) { setTaskRecurrence(input: $i) {
  task { id recurrence { rule startsAt nextAt made } } } }`;

beforeAll(async () => {
  server = await startTestServer('schema_recurrence');
  owner = await signUp(server, 'Owner');
  viewer = await signUp(server, 'Viewer');
  projectId = (await ok('mutation { createProject(input: { name: "Repeat" }) { project { id } } }'))
    .createProject.project.id;
  await ok(
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: VIEWER }) { success } }`,
    { p: projectId, u: viewer.user.id },
  );
});
afterAll(() => server.close());

it('sets a weekly rule, makes its occurrence at the tick, and clears it', async () => {
  const task = (
    await ok(
      'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "Review" }) { task { id } } }',
      {
        p: projectId,
      },
    )
  ).createTask.task.id;
  const startsAt = '2030-01-07T09:00:00.000Z';
  const recurring = await ok(set, { i: { taskId: task, rule: 'weekly', startsAt } });
  expect(recurring.setTaskRecurrence.task.recurrence).toEqual({
    rule: 'FREQ=WEEKLY',
    startsAt,
    nextAt: startsAt,
    made: 0,
  });
  const custom = await ok(set, {
    i: { taskId: task, rule: 'RRULE:freq=monthly;bymonthday=1', startsAt },
  });
  expect(custom.setTaskRecurrence.task.recurrence).toMatchObject({
    rule: 'FREQ=MONTHLY;BYMONTHDAY=1',
    nextAt: '2030-02-01T09:00:00.000Z',
  });

  // The leader's tick, as the node proposes it.
  await server.node.propose({
    type: 'schedule.tick',
    payload: { now: Date.parse('2030-02-01T09:00:00Z') },
    actor: systemActor,
    requestId: uuidv7(),
    at: Date.now(),
  });
  const tasks = await ok(
    `query ($p: ID!) { project(id: $p) { tasks(first: 10) { edges { node { id title dueDate
      occurrenceOf { id } recurrence { made nextAt } } } } } }`,
    { p: projectId },
  );
  const nodes = tasks.project.tasks.edges.map((edge: LooseData) => edge.node);
  const occurrence = nodes.find((node: LooseData) => node.occurrenceOf !== null);
  expect(occurrence).toMatchObject({
    title: 'Review',
    dueDate: '2030-02-01',
    occurrenceOf: { id: task },
  });
  expect(nodes.find((node: LooseData) => node.id === task).recurrence).toEqual({
    made: 1,
    nextAt: '2030-03-01T09:00:00.000Z',
  });

  const cleared = await ok(
    'mutation ($t: ID!) { clearTaskRecurrence(taskId: $t) { task { recurrence { rule } } } }',
    { t: task },
  );
  expect(cleared.clearTaskRecurrence.task.recurrence).toBeNull();
  const again = await server.gql(
    'mutation ($t: ID!) { clearTaskRecurrence(taskId: $t) { success } }',
    { t: task },
    owner.token,
  );
  expect(errorCodes(again)).toEqual(['NOT_FOUND']);
});

it('refuses rules that are not one, recur more than daily, or never occur; and viewers', async () => {
  const task = (
    await ok(
      'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "Nope" }) { task { id } } }',
      {
        p: projectId,
      },
    )
  ).createTask.task.id;
  for (const rule of [
    'FREQ=HOURLY',
    'every tuesday',
    'FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31',
    'FREQ=DAILY;UNTIL=20200101T000000Z',
  ]) {
    const refused = await server.gql(set, { i: { taskId: task, rule } }, owner.token);
    expect(errorCodes(refused), rule).toEqual(['BAD_USER_INPUT']);
  }
  const byViewer = await server.gql(set, { i: { taskId: task, rule: 'DAILY' } }, viewer.token);
  expect(errorCodes(byViewer)).toEqual(['FORBIDDEN']);
  const tasks = await ok(
    `query ($t: ID!) { node(id: $t) { ... on Task { recurrence { rule } } } }`,
    { t: task },
  );
  expect(tasks.node.recurrence).toBeNull();
});
