// Goal: a resumable change feed survives the death of the node serving it by reconnecting to
// another with `after:` = the last index it delivered, so every event arrives once and in order;
// a refusal (NOT_FOUND) or a `complete` ends it for good, without a retry.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { resultIndex } from '../src/lib/client/stream-exchange.ts';
import {
  openResumableStream,
  type ResumableStream,
  type StreamResult,
  type StreamState,
} from '../src/lib/live/resumable-stream.ts';
import { createFailoverGateway, type FailoverGateway } from './support/failover-gateway.ts';
import { type InProcessCluster, startInProcessCluster } from './support/in-process-cluster.ts';

/** Bound on how long an event may take to arrive, a reconnect included. */
const arrivalWaitMs = 5_000;
/** Longer than the first reconnect delay (250 ms plus up to 50% jitter). */
const retryWouldHaveHappenedMs = 600;

const feed = `subscription ProjectFeed($p: ID!, $after: Int) {
  projectEvents(projectId: $p, after: $after) { type index event { kind index } } }`;
const createTask = `mutation ($i: CreateTaskInput!) { createTask(input: $i) { index } }`;

let cluster: InProcessCluster;
let owner: { token: string; userId: string };
let projectId: string;
const streams: ResumableStream[] = [];

/** Creates a task through node `on` (0: n1, 1: n2); returns the log index of the write. */
async function write(on: number, title: string): Promise<number> {
  const data = await cluster.ok(on, createTask, { i: { projectId, title } }, owner.token);
  return data.createTask.index as number;
}

/** The one `projectEvents` message a delivered result carries. */
function messageOf(result: StreamResult): { type: string; index: number } {
  const message = result.data?.projectEvents;
  if (!message) throw new Error(`a result without a message: ${JSON.stringify(result)}`);
  return message as { type: string; index: number };
}

/** Opens the feed through `gateway` as `token`, recording what it delivers. */
function openFeed(gateway: FailoverGateway, token: string, after: number | null) {
  const delivered: StreamResult[] = [];
  const states: StreamState[] = [];
  let end: (error: Error | null) => void = () => undefined;
  const ended = new Promise<Error | null>((resolve) => {
    end = resolve;
  });
  const stream = openResumableStream({
    url: 'http://gateway.test/graphql',
    query: feed,
    variables: { p: projectId, ...(after === null ? {} : { after }) },
    operationName: 'ProjectFeed',
    cursorVariable: 'after',
    indexOf: resultIndex,
    onResult: (result) => delivered.push(result),
    onEnd: (error) => end(error),
    onState: (state) => states.push(state),
    fetch: gateway.fetch,
    headers: { authorization: `Bearer ${token}` },
  });
  streams.push(stream);
  const indexes = () => delivered.map((result) => messageOf(result).index);
  const reached = (index: number) =>
    vi.waitFor(() => expect(indexes()).toContain(index), { timeout: arrivalWaitMs });
  return { stream, delivered, states, ended, indexes, reached };
}

beforeAll(async () => {
  cluster = await startInProcessCluster('web_resumable_stream', 2);
  owner = await cluster.signUp(0, 'Owner');
  const created = await cluster.ok(
    0,
    'mutation { createProject(input: { name: "Feed" }) { project { id } } }',
    {},
    owner.token,
  );
  projectId = created.createProject.project.id;
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await cluster?.close();
});

it('resumes on n2 after n1 dies, with after = the last index delivered', async () => {
  const gateway = createFailoverGateway(cluster.nodes);
  const start = await write(0, 'before the stream');
  const feedOnGateway = openFeed(gateway, owner.token, start);

  const before = [await write(0, 'before 1'), await write(0, 'before 2')];
  await feedOnGateway.reached(before[1] as number);
  expect(feedOnGateway.stream.cursor).toBe(before[1]);

  // n1 dies mid-stream; the reconnect is held (in flight) while the cluster moves on.
  const release = gateway.hold();
  gateway.kill('n1');
  await vi.waitFor(() => expect(gateway.arrivals).toBe(2), { timeout: arrivalWaitMs });
  const during = [await write(1, 'during 1'), await write(1, 'during 2')];
  release();
  await feedOnGateway.reached(during[1] as number);

  const after = [await write(1, 'after 1'), await write(1, 'after 2')];
  await feedOnGateway.reached(after[1] as number);

  expect(feedOnGateway.indexes()).toEqual([...before, ...during, ...after]);
  expect(gateway.requests).toEqual([
    { nodeId: 'n1', variables: { p: projectId, after: start } },
    { nodeId: 'n2', variables: { p: projectId, after: before[1] } },
  ]);
  const liveOn = feedOnGateway.states.flatMap((state) =>
    state.kind === 'live' ? [state.nodeId] : [],
  );
  expect(liveOn).toEqual(['n1', 'n2']);
  expect(feedOnGateway.states.some((state) => state.kind === 'reconnecting')).toBe(true);
  expect(feedOnGateway.stream.cursor).toBe(after[1]);
});

it('ends with the error, without retrying, when the server refuses the subscription', async () => {
  const gateway = createFailoverGateway(cluster.nodes);
  const outsider = await cluster.signUp(0, 'Outsider');
  const refused = openFeed(gateway, outsider.token, null);

  const error = await refused.ended;
  expect(error?.message).toMatch(/not found/i);
  await new Promise((resolve) => setTimeout(resolve, retryWouldHaveHappenedMs));
  expect(gateway.arrivals).toBe(1);
  expect(refused.delivered).toEqual([]);
  expect(refused.states.at(-1)).toEqual({ kind: 'closed' });
});

it('ends without an error, and without reconnecting, when the server completes it', async () => {
  const gateway = createFailoverGateway(cluster.nodes);
  const leaver = await cluster.signUp(0, 'Leaver');
  const member = `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p,
    userId: $u, role: MEMBER }) { success } }`;
  await cluster.ok(0, member, { p: projectId, u: leaver.userId }, owner.token);
  const joined = await write(0, 'seen by the leaver');
  const leaving = openFeed(gateway, leaver.token, joined - 1);
  await leaving.reached(joined);

  // Removal sends REVOKED, then the server completes the stream.
  await cluster.ok(
    0,
    `mutation ($p: ID!, $u: ID!) { removeProjectMember(input: { projectId: $p, userId: $u })
      { success } }`,
    { p: projectId, u: leaver.userId },
    owner.token,
  );
  expect(await leaving.ended).toBeNull();
  await new Promise((resolve) => setTimeout(resolve, retryWouldHaveHappenedMs));
  expect(gateway.arrivals).toBe(1);
  expect(leaving.delivered.map((result) => messageOf(result).type).at(-1)).toBe('REVOKED');
  expect(leaving.states.at(-1)).toEqual({ kind: 'closed' });
});
