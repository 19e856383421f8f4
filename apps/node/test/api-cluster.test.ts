// Goal: the public API behaves on a real 3-node cluster as its contract says — a change feed
// that resumes on another node with no gap and no duplicate, over SSE and graphql-ws,
// attachments uploaded on one node and downloaded, permission-checked, from another, and
// cross-origin access (CORS, WebSocket upgrades) granted to trusted origins only.
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type BoardSession, catchUp, createTask, openBoard } from '../src/client/board.ts';
import { graphql } from '../src/client/graphql.ts';
import { type ProjectEventMessage, subscribeProjectEvents } from '../src/client/project-events.ts';
import { TestCluster } from './support/cluster-fixture.ts';

type StreamMessage = ProjectEventMessage;

const subscription = `subscription ($projectId: ID!, $after: Int) {
  projectEvents(projectId: $projectId, after: $after) { type index event { kind entityId index } }
}`;

/** The one origin the test cluster trusts (`RAFTBOARD_TRUSTED_ORIGINS`). */
const trustedOrigin = 'http://127.0.0.1:3000';
const untrustedOrigin = 'https://evil.example';

let cluster: TestCluster;
let session: BoardSession;
let leaderUrl: string;
let followers: string[];

beforeAll(async () => {
  cluster = await TestCluster.start({
    prefix: 'api',
    env: { RAFTBOARD_TRUSTED_ORIGINS: trustedOrigin },
  });
  const leader = await cluster.leader();
  leaderUrl = cluster.url(leader);
  followers = cluster.others(leader).map((id) => cluster.url(id));
  session = await openBoard(leaderUrl);
});

afterAll(async () => {
  await cluster?.stop();
});

/** Reads the project feed on `url` after `after` until `enough` says stop, then closes it. */
async function sse(url: string, after: number, enough: (messages: StreamMessage[]) => boolean) {
  const messages: StreamMessage[] = [];
  let stop = () => {};
  const enoughSeen = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const feed = await subscribeProjectEvents(
    url,
    session,
    (message) => {
      messages.push(message);
      if (enough(messages)) stop();
    },
    { after },
  );
  const timeout = setTimeout(stop, 20_000);
  try {
    await Promise.race([enoughSeen, feed.ended]);
  } finally {
    clearTimeout(timeout);
    feed.close();
  }
  return messages;
}

const created = (messages: StreamMessage[]) =>
  messages.filter((message) => message.event?.kind === 'task.created');

it('resumes the change feed on another node with no gap and no duplicate', async () => {
  const ids: string[] = [];
  const first = sse(followers[0] ?? '', session.index, (seen) => created(seen).length >= 3);
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (let i = 0; i < 3; i++) ids.push((await createTask(leaderUrl, session, `feed ${i}`)).id);
  const before = await first;
  const lastSeen = before.at(-1)?.index ?? 0;

  for (let i = 3; i < 6; i++) ids.push((await createTask(leaderUrl, session, `feed ${i}`)).id);
  const second = sse(followers[1] ?? '', lastSeen, (seen) => created(seen).length >= 5);
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (let i = 6; i < 8; i++) ids.push((await createTask(leaderUrl, session, `feed ${i}`)).id);
  const after = await second;

  const all = [...before, ...after];
  const indexes = all.map(
    (message) => `${message.index}:${message.event?.kind}:${message.event?.entityId}`,
  );
  expect(new Set(indexes).size).toBe(indexes.length);
  const positions = all.map((message) => message.index);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(created(all).map((message) => message.event?.entityId)).toEqual(ids);
});

it('streams live events over graphql-ws with the token in the connection params', async () => {
  const url = followers[0] ?? '';
  // Without `after` the feed starts at what this follower has applied: let every node catch up
  // first, so an earlier test's last writes do not arrive here as live events.
  await cluster.waitConverged();
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${session.token}` },
    retryAttempts: 0,
  });
  const received: StreamMessage[] = [];
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe<{ projectEvents: StreamMessage }>(
      { query: subscription, variables: { projectId: session.projectId } },
      {
        next: ({ data }) => {
          if (data?.projectEvents) received.push(data.projectEvents);
          if (created(received).length > 0) resolve();
        },
        error: reject,
        complete: () => resolve(),
      },
    );
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { id } = await createTask(leaderUrl, session, 'over the socket');
  await done;
  await client.dispose();
  expect(created(received)[0]?.event?.entityId).toBe(id);
});

async function upload(url: string, taskId: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query:
        'mutation ($taskId: ID!, $file: File!) { uploadAttachment(taskId: $taskId, file: $file) { index attachment { downloadUrl sizeBytes } } }',
      variables: { taskId, file: null },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([Buffer.from(bytes)], { type: 'text/plain' }), 'notes.txt');
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'x-graphql-yoga-csrf': '1' },
    body: form,
  });
  const body = (await response.json()) as {
    data?: {
      uploadAttachment: { index: number; attachment: { downloadUrl: string; sizeBytes: number } };
    };
    errors?: unknown;
  };
  if (!body.data) throw new Error(`upload failed: ${JSON.stringify(body.errors)}`);
  return body.data.uploadAttachment;
}

it('serves an attachment uploaded on one node from another, to members only', async () => {
  const { id: taskId } = await createTask(leaderUrl, session, 'with a file');
  const bytes = new TextEncoder().encode('replicated by raft\n');
  const uploaded = await upload(followers[0] ?? '', taskId, bytes);
  expect(uploaded.attachment.sizeBytes).toBe(bytes.length);

  const other = followers[1] ?? '';
  await catchUp(other, session, uploaded.index);
  const path = new URL(uploaded.attachment.downloadUrl, other).pathname;
  const download = await fetch(`${other}${path}`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  expect(download.status).toBe(200);
  expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  expect(download.headers.get('x-content-type-options')).toBe('nosniff');

  for (const origin of [trustedOrigin, untrustedOrigin]) {
    const fromPage = await fetch(`${other}${path}`, {
      headers: { authorization: `Bearer ${session.token}`, origin },
    });
    const granted = origin === trustedOrigin ? origin : null;
    expect(fromPage.headers.get('access-control-allow-origin')).toBe(granted);
  }

  expect((await fetch(`${other}${path}`)).status).toBe(401);
  const stranger = await openBoard(leaderUrl);
  await catchUp(other, stranger, stranger.index);
  const denied = await fetch(`${other}${path}`, {
    headers: { authorization: `Bearer ${stranger.token}` },
  });
  expect(denied.status).toBe(404);
});

it('checks a mutation on a lagging follower against every acknowledged write', async () => {
  const leader = await cluster.leader();
  const follower = cluster.others(leader)[0] ?? '';
  const { id } = await createTask(leaderUrl, session, 'versioned');
  const update = `mutation ($input: UpdateTaskInput!) { updateTask(input: $input) { task { version } } }`;
  type Updated = { updateTask: { task: { version: number } } };
  const auth = { token: session.token };
  // The follower hears from the leader 60 ms late (under the election timeout), so its copy
  // lags every write below.
  await cluster.setFaults(leader, { delayMs: 60 });
  try {
    const first = await graphql<Updated>(
      leaderUrl,
      update,
      { input: { id, changes: { title: 'v2' } } },
      auth,
    );
    const version = first.updateTask.task.version;
    const second = await graphql<Updated>(
      cluster.url(follower),
      update,
      { input: { id, expectedVersion: version, changes: { title: 'v3' } } },
      auth,
    );
    expect(second.updateTask.task.version).toBe(version + 1);
  } finally {
    await cluster.setFaults(leader, {});
  }
});

/** `{ me { name } }` from a page of `origin`, and the CORS grant the node answered with. */
async function askFrom(url: string, origin: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${session.token}`,
      origin,
    },
    body: JSON.stringify({ query: '{ me { name } }' }),
  });
  const preflight = await fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST' },
  });
  return {
    allowOrigin: response.headers.get('access-control-allow-origin'),
    allowCredentials: response.headers.get('access-control-allow-credentials'),
    preflightAllowOrigin: preflight.headers.get('access-control-allow-origin'),
  };
}

it('grants CORS with credentials to a trusted origin and nothing to any other', async () => {
  expect(await askFrom(followers[0] ?? '', trustedOrigin)).toEqual({
    allowOrigin: trustedOrigin,
    allowCredentials: 'true',
    preflightAllowOrigin: trustedOrigin,
  });
  expect(await askFrom(followers[0] ?? '', untrustedOrigin)).toEqual({
    allowOrigin: null,
    allowCredentials: null,
    preflightAllowOrigin: null,
  });
});

/** Opens a WebSocket to `/graphql` as a page of `origin` would; resolves how the upgrade went. */
function upgradeFrom(url: string, origin: string): Promise<number | 'open'> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', {
    origin,
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

it('refuses a WebSocket upgrade from an untrusted origin (cross-site WebSocket hijacking)', async () => {
  const url = followers[1] ?? '';
  expect(await upgradeFrom(url, untrustedOrigin)).toBe(403);
  expect(await upgradeFrom(url, trustedOrigin)).toBe('open');
  expect(await upgradeFrom(url, new URL(url).origin)).toBe('open');
});
