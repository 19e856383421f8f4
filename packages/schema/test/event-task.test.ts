// Goal: `Event.task` hands a live feed the current state of the task each event concerns (task,
// comment and share link events alike, to viewers too), and null once that task is gone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
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
let statusIds: string[];

const taskFields = 'id title version status { id }';
const feed = `subscription ($p: ID!) { projectEvents(projectId: $p) {
  type event { kind task { ${taskFields} } } } }`;

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

/** The task as `task(id:)` answers it right now. */
async function currentTask(id: string) {
  return (await ok(`query ($id: ID!) { task(id: $id) { ${taskFields} } }`, { id })).task;
}

beforeAll(async () => {
  server = await startTestServer('schema_event_task');
  owner = await signUp(server, 'Owner');
  viewer = await signUp(server, 'Viewer');
  const created = await ok(
    'mutation { createProject(input: { name: "Tasks" }) { project { id statuses { id } } } }',
  );
  projectId = created.createProject.project.id;
  statusIds = created.createProject.project.statuses.map((status: { id: string }) => status.id);
  await ok(
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: VIEWER }) { success } }`,
    { p: projectId, u: viewer.user.id },
  );
});
afterAll(() => server.close());

it('delivers the task as it is after created, moved and commented, and null once deleted', async () => {
  const stream = await subscribeSse(server, feed, { p: projectId }, owner.token);
  const next = async () => (await stream.next())?.data?.projectEvents.event;

  const created = await ok(
    `mutation ($i: CreateTaskInput!) { createTask(input: $i) { task { id } } }`,
    { i: { projectId, title: 'followed' } },
  );
  const id = created.createTask.task.id;
  const createdEvent = await next();
  expect(createdEvent.kind).toBe('task.created');
  expect(createdEvent.task).toEqual({
    id,
    title: 'followed',
    version: 1,
    status: expect.any(Object),
  });
  expect(createdEvent.task).toEqual(await currentTask(id));

  const target = statusIds.find((statusId) => statusId !== createdEvent.task.status.id);
  await ok(`mutation ($i: MoveTaskInput!) { moveTask(input: $i) { success } }`, {
    i: { id, statusId: target },
  });
  const movedEvent = await next();
  expect(movedEvent.kind).toBe('task.moved');
  expect(movedEvent.task).toEqual({ id, title: 'followed', version: 2, status: { id: target } });

  await ok(`mutation ($i: AddCommentInput!) { addComment(input: $i) { success } }`, {
    i: { taskId: id, body: 'looks good' },
  });
  const commentEvent = await next();
  expect(commentEvent.kind).toBe('comment.added');
  expect(commentEvent.task).toEqual(await currentTask(id));

  await ok(`mutation ($i: DeleteTaskInput!) { deleteTask(input: $i) { success } }`, {
    i: { id },
  });
  const deletedEvent = await next();
  expect(deletedEvent).toEqual({ kind: 'task.deleted', task: null });
  await stream.close();
});

it('gives a viewer the task of a share link event whose payload it may not read', async () => {
  const created = await ok(
    `mutation ($i: CreateTaskInput!) { createTask(input: $i) { task { id } } }`,
    { i: { projectId, title: 'shared' } },
  );
  const id = created.createTask.task.id;
  const stream = await subscribeSse(
    server,
    `subscription ($p: ID!) { projectEvents(projectId: $p) {
      event { kind payload task { id } } } }`,
    { p: projectId },
    viewer.token,
  );
  await ok(`mutation ($t: ID!) { shareTask(taskId: $t) { success } }`, { t: id });
  const event = (await stream.next())?.data?.projectEvents.event;
  expect(event.kind).toBe('shareLink.created');
  expect(event.payload.redacted).toBe(true);
  expect(event.task).toEqual({ id });
  await stream.close();
});

it('resolves the tasks of a page of history events, including events about no task', async () => {
  const page = await ok(
    `query ($p: ID!) { project(id: $p) { events(first: 100) {
      edges { node { kind task { id title } } } } } }`,
    { p: projectId },
    viewer.token,
  );
  const nodes: { kind: string; task: { title: string } | null }[] = page.project.events.edges.map(
    (edge: LooseData) => edge.node,
  );
  expect(nodes.find((node) => node.kind === 'member.added')?.task).toBeNull();
  // The first task was deleted since; the second lives on.
  expect(nodes.filter((node) => node.kind === 'task.created').map((node) => node.task)).toEqual([
    null,
    { id: expect.any(String), title: 'shared' },
  ]);
  const shared = nodes.find((node) => node.kind === 'shareLink.created');
  expect(shared?.task).toMatchObject({ title: 'shared' });
});
