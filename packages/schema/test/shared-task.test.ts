// Goal: a task share link shows exactly one task to anyone holding it, read-only, cannot be
// bent to another task, is listed on its task for project members (never its token), and
// stops working once revoked or expired.
import { uuidv7 } from '@raftboard/uuidv7';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens.ts';
import { decodeGlobalId, encodeGlobalId } from '../src/global-id.ts';
import { shareTokenPrefix } from '../src/schema/share.ts';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signUp>>;
let member: Awaited<ReturnType<typeof signUp>>;
let projectId: string;

const view = 'query ($token: String!) { sharedTask(token: $token) { title statusName } }';
const share =
  'mutation ($t: ID!, $e: DateTime) { shareTask(taskId: $t, expiresAt: $e) { token shareId } }';
const unshare = 'mutation ($s: ID!) { unshareTask(shareId: $s) { success } }';
const listed = `query ($t: ID!) { task(id: $t) {
  shareLinks { id createdAt expiresAt createdBy { name } } } }`;

async function as(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

async function createTask(title: string): Promise<string> {
  const create = `mutation ($p: ID!, $t: String!) {
      createTask(input: { projectId: $p, title: $t }) { task { id } } }`;
  return (await as(owner.token, create, { p: projectId, t: title })).createTask.task.id;
}

beforeAll(async () => {
  server = await startTestServer('schema_share');
  owner = await signUp(server, 'Sharer');
  member = await signUp(server, 'Member');
  projectId = (
    await as(owner.token, 'mutation { createProject(input: { name: "S" }) { project { id } } }')
  ).createProject.project.id;
  await as(
    owner.token,
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: MEMBER }) { success } }`,
    { p: projectId, u: member.user.id },
  );
});
afterAll(() => server.close());

it('shares, shows without an account, resists tampering and revokes', async () => {
  const shown = await createTask('Public');
  await createTask('Private');
  const shared = (await as(owner.token, share, { t: shown })).shareTask;
  // The token is random: the link row, not the token, says which task it shows.
  expect(shared.token.startsWith(shareTokenPrefix)).toBe(true);
  expect(shared.token).not.toContain(decodeGlobalId(shown).id);
  const anonymous = await server.gql(view, { token: shared.token });
  expect(anonymous.data).toEqual({ sharedTask: { title: 'Public', statusName: 'Todo' } });
  const bent = `${String(shared.token).slice(0, -1)}${shared.token.endsWith('A') ? 'B' : 'A'}`;
  expect((await server.gql(view, { token: bent })).data).toEqual({ sharedTask: null });
  expect((await server.gql(view, { token: 'rbt_unknown' })).data).toEqual({ sharedTask: null });
  const outsider = await signUp(server, 'Outsider');
  const refused = await server.gql(share, { t: shown }, outsider.token);
  expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
  await as(owner.token, unshare, { s: shared.shareId });
  expect((await server.gql(view, { token: shared.token })).data).toEqual({ sharedTask: null });
});

it('lets members share and lists live links without their tokens', async () => {
  const taskId = await createTask('Listed');
  const mine = (await as(member.token, share, { t: taskId })).shareTask;
  const expiresAt = new Date(Date.now() + 60_000).toISOString();
  const owners = (await as(owner.token, share, { t: taskId, e: expiresAt })).shareTask;
  const response = await server.gql(listed, { t: taskId }, member.token);
  expect(response.errors).toBeUndefined();
  const links = (response.data as LooseData).task.shareLinks;
  expect(links).toMatchObject([
    { id: mine.shareId, expiresAt: null, createdBy: { name: 'Member' } },
    { id: owners.shareId, expiresAt, createdBy: { name: 'Sharer' } },
  ]);
  expect(JSON.stringify(links)).not.toContain(mine.token);
  const tokenField = await server.gql(
    'query ($t: ID!) { task(id: $t) { shareLinks { token } } }',
    { t: taskId },
    member.token,
  );
  expect(errorCodes(tokenField)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
});

it('lets only its creator or an admin revoke a task link', async () => {
  const taskId = await createTask('Revocable');
  const owners = (await as(owner.token, share, { t: taskId })).shareTask;
  const mine = (await as(member.token, share, { t: taskId })).shareTask;
  const refused = await server.gql(unshare, { s: owners.shareId }, member.token);
  expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
  await as(member.token, unshare, { s: mine.shareId });
  await as(owner.token, unshare, { s: owners.shareId });
  expect((await as(owner.token, listed, { t: taskId })).task.shareLinks).toEqual([]);
  expect((await server.gql(view, { token: mine.token })).data).toEqual({ sharedTask: null });
});

it('stops showing a link once it expires or its task is deleted', async () => {
  const taskId = await createTask('Fleeting');
  const expiresAt = new Date(Date.now() + 1_500);
  const fleeting = (await as(owner.token, share, { t: taskId, e: expiresAt.toISOString() }))
    .shareTask;
  const lasting = (await as(owner.token, share, { t: taskId })).shareTask;
  expect((await server.gql(view, { token: fleeting.token })).data?.sharedTask).not.toBeNull();
  await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
  expect((await server.gql(view, { token: fleeting.token })).data).toEqual({ sharedTask: null });
  const links = (await as(owner.token, listed, { t: taskId })).task.shareLinks;
  expect(links.map((link: { id: string }) => link.id)).toEqual([lasting.shareId]);
  await as(owner.token, 'mutation ($t: ID!) { deleteTask(input: { id: $t }) { success } }', {
    t: taskId,
  });
  expect((await server.gql(view, { token: lasting.token })).data).toEqual({ sharedTask: null });
});

it('still shows a legacy link whose token names the task, revocable by admins only', async () => {
  const taskId = await createTask('Legacy');
  const rawTaskId = decodeGlobalId(taskId).id;
  const token = `${shareTokenPrefix}${rawTaskId}.${'s'.repeat(43)}`;
  const shareLinkId = `legacy-${Date.now()}`;
  const { outcome } = await server.node.propose({
    type: 'shareLink.create',
    payload: {
      shareLinkId,
      projectId: decodeGlobalId(projectId).id,
      tokenHash: hashToken(token),
      expiresAt: null,
    },
    actor: decodeGlobalId(owner.user.id).id,
    requestId: uuidv7(),
    at: Date.now(),
  });
  expect(outcome.ok).toBe(true);
  expect((await server.gql(view, { token })).data).toEqual({
    sharedTask: { title: 'Legacy', statusName: 'Todo' },
  });
  const bent = token.replace(rawTaskId, decodeGlobalId(await createTask('Other')).id);
  expect((await server.gql(view, { token: bent })).data).toEqual({ sharedTask: null });
  const shareId = encodeGlobalId('ShareLink', shareLinkId);
  expect(errorCodes(await server.gql(unshare, { s: shareId }, member.token))).toEqual([
    'FORBIDDEN',
  ]);
  await as(owner.token, unshare, { s: shareId });
  expect((await server.gql(view, { token })).data).toEqual({ sharedTask: null });
});
