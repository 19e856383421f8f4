// Goal: people follow and unfollow tasks they can read, see which notification kinds email
// them (their choice or the default), change that per kind, and switch to a daily digest; an
// unknown kind is refused and anonymous callers get nothing.
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
let outsider: Awaited<ReturnType<typeof signUp>>;
let taskId: string;

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

const settings = '{ notificationSettings { emailDigest kinds { kind email emailByDefault } } }';

beforeAll(async () => {
  server = await startTestServer('schema_notification_settings');
  owner = await signUp(server, 'owner');
  viewer = await signUp(server, 'viewer');
  outsider = await signUp(server, 'outsider');
  const projectId = (
    await ok('mutation { createProject(input: { name: "Follow" }) { project { id } } }')
  ).createProject.project.id;
  await ok(
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: VIEWER }) { success } }`,
    { p: projectId, u: viewer.user.id },
  );
  taskId = (
    await ok(
      'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "t" }) { task { id } } }',
      {
        p: projectId,
      },
    )
  ).createTask.task.id;
});
afterAll(() => server.close());

it('lets anyone who reads a task follow and unfollow it, and nobody else', async () => {
  const follow = 'mutation ($t: ID!) { followTask(taskId: $t) { task { following } } }';
  const unfollow = 'mutation ($t: ID!) { unfollowTask(taskId: $t) { task { following } } }';
  expect((await ok(follow, { t: taskId }, viewer.token)).followTask.task.following).toBe(true);
  const asOwner = await ok('query ($t: ID!) { node(id: $t) { ... on Task { following } } }', {
    t: taskId,
  });
  expect(asOwner.node.following).toBe(false);
  expect((await ok(unfollow, { t: taskId }, viewer.token)).unfollowTask.task.following).toBe(false);
  expect(errorCodes(await server.gql(follow, { t: taskId }, outsider.token))).toEqual([
    'NOT_FOUND',
  ]);
  expect(errorCodes(await server.gql(follow, { t: taskId }))).toEqual(['UNAUTHENTICATED']);
});

it('shows each kind’s email choice, changes one, and switches to the digest', async () => {
  const before = (await ok(settings, {}, viewer.token)).notificationSettings;
  expect(before.emailDigest).toBe(false);
  const commented = before.kinds.find((kind: LooseData) => kind.kind === 'task.commented');
  expect(commented).toEqual({ kind: 'task.commented', email: false, emailByDefault: false });
  const changed = await ok(
    `mutation { setNotificationEmail(kind: "task.commented", email: true) { settings {
      kinds { kind email } } } }`,
    {},
    viewer.token,
  );
  expect(
    changed.setNotificationEmail.settings.kinds.find(
      (kind: LooseData) => kind.kind === 'task.commented',
    ),
  ).toEqual({ kind: 'task.commented', email: true });
  // Someone else's settings are their own.
  const owners = (await ok(settings)).notificationSettings.kinds;
  expect(owners.find((kind: LooseData) => kind.kind === 'task.commented').email).toBe(false);
  const digest = await ok(
    'mutation { setEmailDigest(enabled: true) { settings { emailDigest } } }',
    {},
    viewer.token,
  );
  expect(digest.setEmailDigest.settings.emailDigest).toBe(true);
  const unknown = await server.gql(
    'mutation { setNotificationEmail(kind: "task.nope", email: true) { success } }',
    {},
    viewer.token,
  );
  expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
  expect(errorCodes(await server.gql(settings))).toEqual(['UNAUTHENTICATED']);
});
