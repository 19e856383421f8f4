// Goal: change feeds over SSE replay stored events and then stream live ones with no gap and no
// duplicate, resume from any index, filter by permission, end with REVOKED on removal, and start
// with RESYNC when the stored events no longer reach back.
import { events } from '@raftboard/db/schema';
import { and, eq, lte } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeGlobalId } from '../src/global-id.ts';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  subscribeSse,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signUp>>;
let viewer: Awaited<ReturnType<typeof signUp>>;
let projectId: string;

const feed = `subscription ($p: ID!, $after: Int) { projectEvents(projectId: $p, after: $after) {
  type index event { kind index payload } } }`;

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

async function createTask(title: string): Promise<LooseData> {
  const data = await ok(
    `mutation ($i: CreateTaskInput!) { createTask(input: $i) { index task { id } } }`,
    { i: { projectId, title } },
  );
  return data.createTask;
}

beforeAll(async () => {
  server = await startTestServer('schema_live');
  owner = await signUp(server, 'Owner');
  viewer = await signUp(server, 'Viewer');
  const created = await ok(
    'mutation { createProject(input: { name: "Live" }) { project { id } } }',
  );
  projectId = created.createProject.project.id;
  await ok(
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: VIEWER }) { success } }`,
    { p: projectId, u: viewer.user.id },
  );
});
afterAll(() => server.close());

it('replays after an index, then streams live events in order without duplicates', async () => {
  const first = await createTask('one');
  await createTask('two');
  const stream = await subscribeSse(
    server,
    feed,
    { p: projectId, after: first.index },
    viewer.token,
  );
  const replayed = await stream.next();
  expect(replayed?.data?.projectEvents).toMatchObject({
    type: 'EVENT',
    event: { kind: 'task.created' },
  });
  const three = await createTask('three');
  const live = await stream.next();
  expect(live?.data?.projectEvents.index).toBe(three.index);
  expect(live?.data?.projectEvents.event.payload.title).toBe('three');
  await stream.close();
});

it('resumes from the last index seen with no gap across a reconnect', async () => {
  const start = await createTask('before');
  const stream = await subscribeSse(
    server,
    feed,
    { p: projectId, after: start.index },
    owner.token,
  );
  const a = await createTask('a');
  expect((await stream.next())?.data?.projectEvents.index).toBe(a.index);
  await stream.close();
  const missed = [await createTask('b'), await createTask('c')];
  const again = await subscribeSse(server, feed, { p: projectId, after: a.index }, owner.token);
  const seen = [(await again.next())?.data, (await again.next())?.data];
  expect(seen.map((d) => d?.projectEvents.index)).toEqual(missed.map((m) => m.index));
  await again.close();
});

it('refuses outsiders and anonymous subscribers', async () => {
  const outsider = await signUp(server, 'Outsider');
  const stream = await subscribeSse(server, feed, { p: projectId }, outsider.token);
  expect(errorCodes((await stream.next()) ?? {})).toEqual(['NOT_FOUND']);
  await stream.close();
  const anonymous = await subscribeSse(server, feed, { p: projectId });
  expect(errorCodes((await anonymous.next()) ?? {})).toEqual(['UNAUTHENTICATED']);
  await anonymous.close();
});

it('ends a removed member’s stream with REVOKED', async () => {
  const leaver = await signUp(server, 'Leaver');
  await ok(
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: MEMBER }) { success } }`,
    { p: projectId, u: leaver.user.id },
  );
  const stream = await subscribeSse(server, feed, { p: projectId }, leaver.token);
  await createTask('while a member');
  expect((await stream.next())?.data?.projectEvents.type).toBe('EVENT');
  await ok(
    `mutation ($p: ID!, $u: ID!) { removeProjectMember(input: { projectId: $p, userId: $u })
      { success } }`,
    { p: projectId, u: leaver.user.id },
  );
  expect((await stream.next())?.data?.projectEvents.type).toBe('REVOKED');
  expect(await stream.next()).toBeNull();
});

it('starts with RESYNC when events after `after` were pruned', async () => {
  const old = await createTask('old');
  await createTask('newer');
  // Simulate retention: drop the project's stored events up to and including `old`.
  const raw = decodeGlobalId(projectId).id;
  await server.node.db
    .delete(events)
    .where(and(eq(events.projectId, raw), lte(events.logIndex, old.index)));
  const stream = await subscribeSse(server, feed, { p: projectId, after: 1 }, owner.token);
  expect((await stream.next())?.data?.projectEvents.type).toBe('RESYNC');
  const after = await createTask('after resync');
  expect((await stream.next())?.data?.projectEvents.index).toBe(after.index);
  await stream.close();
});

it('streams task events and new notifications', async () => {
  const task = await createTask('watched');
  const taskFeed = await subscribeSse(
    server,
    `subscription ($t: ID!) { taskEvents(taskId: $t) { type event { kind } } }`,
    { t: task.task.id },
    owner.token,
  );
  const notes = await subscribeSse(
    server,
    'subscription { notificationAdded { kind task { id } } }',
    {},
    viewer.token,
  );
  await createTask('unrelated');
  await ok(`mutation ($i: AddCommentInput!) { addComment(input: $i) { success } }`, {
    i: { taskId: task.task.id, body: `hello @${viewer.user.username}` },
  });
  expect((await taskFeed.next())?.data?.taskEvents.event.kind).toBe('comment.added');
  expect((await notes.next())?.data?.notificationAdded).toMatchObject({
    kind: 'comment.mentioned',
    task: { id: task.task.id },
  });
  await taskFeed.close();
  await notes.close();
});
