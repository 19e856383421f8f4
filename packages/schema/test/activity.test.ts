// Goal: comments notify mentioned members, notifications list and mark read, task.history and
// project.events read the events table, and UNAVAILABLE writes retry exactly-once.

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
let mate: Awaited<ReturnType<typeof signUp>>;
let projectId: string;
let taskId: string;

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

beforeAll(async () => {
  server = await startTestServer('schema_activity');
  owner = await signUp(server, 'Owner');
  mate = await signUp(server, 'Mate');
  projectId = (await ok('mutation { createProject(input: { name: "A" }) { project { id } } }'))
    .createProject.project.id;
  await ok(
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: MEMBER }) { success } }`,
    { p: projectId, u: mate.user.id },
  );
  taskId = (
    await ok(
      'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "T" }) { task { id } } }',
      {
        p: projectId,
      },
    )
  ).createTask.task.id;
});
afterAll(() => server.close());

it('notifies mentioned members, lists and marks notifications read', async () => {
  const added = await ok(
    `mutation ($t: ID!, $b: String!) { addComment(input: { taskId: $t, body: $b }) {
      comment { id body author { name } } } }`,
    { t: taskId, b: `please look @${mate.user.username}` },
  );
  const commentId = added.addComment.comment.id;
  await ok(
    `mutation ($id: ID!) { editComment(input: { id: $id, body: "edited" }) {
      comment { body edited } } }`,
    { id: commentId },
  );
  const list = `{ notifications(unreadOnly: true) { totalCount edges { node { id kind } } } }`;
  const unread = await ok(list, {}, mate.token);
  const kinds = unread.notifications.edges.map((e: LooseData) => e.node.kind);
  expect(kinds).toContain('comment.mentioned');
  const marked = await ok(
    'mutation { markNotificationsRead(all: true) { success marked } }',
    {},
    mate.token,
  );
  expect(marked.markNotificationsRead.marked).toBe(unread.notifications.totalCount);
  expect((await ok(list, {}, mate.token)).notifications.totalCount).toBe(0);
  const comments = await ok('query ($t: ID!) { task(id: $t) { comments { totalCount } } }', {
    t: taskId,
  });
  expect(comments.task.comments.totalCount).toBe(1);
});

it('reads task history and project events from the events table', async () => {
  await ok(
    `mutation ($id: ID!) { updateTask(input: { id: $id, changes: { title: "T2" } }) { index } }`,
    { id: taskId },
  );
  const history = await ok(
    `query ($t: ID!) { task(id: $t) { history(first: 50) { totalCount edges { node {
      kind index actor { name } entityId } } } } }`,
    { t: taskId },
  );
  const kinds = history.task.history.edges.map((e: LooseData) => e.node.kind);
  expect(kinds).toEqual(expect.arrayContaining(['task.created', 'comment.added', 'task.updated']));
  expect(history.task.history.edges[0].node.entityId).toBe(taskId);
  const events = await ok(
    `query ($p: ID!) { project(id: $p) { events(afterIndex: 0, last: 2) { totalCount
      edges { node { kind index projectSeq } } } } }`,
    { p: projectId },
  );
  const edges = events.project.events.edges;
  expect(edges.at(-1).node.kind).toBe('task.updated');
  expect(edges[1].node.projectSeq).toBe(edges[0].node.projectSeq + 1);
});

it('answers UNAVAILABLE without a leader, then retries exactly-once by requestId', async () => {
  const create = `mutation { createProject(input: { name: "Retry", requestId: "${uuidv7()}" }) {
    index project { id } } }`;
  server.node.available = false;
  const failed = await server.gql(create, {}, owner.token);
  const fenced = await server.gql(
    'query ($p: ID!) { project(id: $p, consistency: LINEARIZABLE) { id } }',
    { p: projectId },
    owner.token,
  );
  server.node.available = true;
  expect(errorCodes(failed)).toEqual(['UNAVAILABLE']);
  expect(errorCodes(fenced)).toEqual(['UNAVAILABLE']);
  const first = await ok(create);
  const retried = await ok(create);
  expect(retried.createProject).toEqual(first.createProject);
});

it('refuses writes with a read-only API token', async () => {
  const minted = await ok('mutation { createApiToken(name: "ro", scopes: [READ]) { token } }');
  const write = await server.gql(
    'mutation { createProject(input: { name: "nope" }) { success } }',
    {},
    minted.createApiToken.token,
  );
  expect(errorCodes(write)).toEqual(['FORBIDDEN']);
});
