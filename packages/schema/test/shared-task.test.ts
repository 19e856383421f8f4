// Goal: a task share link shows exactly one task to anyone holding it, read-only, cannot be
// bent to another task, and stops working once revoked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeGlobalId } from '../src/global-id.ts';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('schema_share');
});
afterAll(() => server.close());

it('shares, shows without an account, resists tampering and revokes', async () => {
  const owner = await signUp(server, 'Sharer');
  const gql = async (query: string, variables: Record<string, unknown> = {}) =>
    (await server.gql(query, variables, owner.token)).data as LooseData;
  const projectId = (
    await gql('mutation { createProject(input: { name: "S" }) { project { id } } }')
  ).createProject.project.id;
  const create = `mutation ($p: ID!, $t: String!) {
      createTask(input: { projectId: $p, title: $t }) { task { id } } }`;
  const shown = (await gql(create, { p: projectId, t: 'Public' })).createTask.task.id;
  const hidden = (await gql(create, { p: projectId, t: 'Private' })).createTask.task.id;
  const shared = (
    await gql('mutation ($t: ID!) { shareTask(taskId: $t) { token shareId } }', { t: shown })
  ).shareTask;
  const view = 'query ($token: String!) { sharedTask(token: $token) { title statusName } }';
  const anonymous = await server.gql(view, { token: shared.token });
  expect(anonymous.data).toEqual({ sharedTask: { title: 'Public', statusName: 'Todo' } });
  const bent = String(shared.token).replace(decodeGlobalId(shown).id, decodeGlobalId(hidden).id);
  expect((await server.gql(view, { token: bent })).data).toEqual({ sharedTask: null });
  const viewer = await signUp(server, 'NotAdmin');
  const refused = await server.gql(
    'mutation ($t: ID!) { shareTask(taskId: $t) { token } }',
    { t: shown },
    viewer.token,
  );
  expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
  await gql('mutation ($s: ID!) { unshareTask(shareId: $s) { success } }', { s: shared.shareId });
  expect((await server.gql(view, { token: shared.token })).data).toEqual({ sharedTask: null });
});
