// Goal: a mutation pays for a linearizable fence (ReadIndex) only when a pre-check refuses on
// local state, or when it puts what it reads into its command; then a refusal is checked again
// after the fence and reported only if it still holds, and nothing is ever proposed twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadFenceOptions } from '../src/context.ts';
import {
  drainGraceMs,
  errorCodes,
  gqlThrough,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';
import { createLocalCluster, type LocalNode } from '../src/testing/local-node.ts';
import { createRaftboardYoga, type RaftboardYoga } from '../src/yoga.ts';

/** Linearizable fences and proposals a node was asked for, counted from `reset()`. */
interface Calls {
  fences: number;
  proposals: number;
  reset(): void;
}

/** Counts the node's linearizable fences and proposals; `lagging` models a follower behind. */
function watch(node: LocalNode, options: { lagging?: boolean } = {}): Calls {
  const readFence = node.readFence.bind(node);
  const propose = node.propose.bind(node);
  const calls: Calls = {
    fences: 0,
    proposals: 0,
    reset() {
      calls.fences = 0;
      calls.proposals = 0;
    },
  };
  node.readFence = async (fence: ReadFenceOptions) => {
    if (fence.linearizable) {
      calls.fences += 1;
      // ReadIndex on a follower: wait until it has applied everything committed so far.
      if (options.lagging) await node.resume();
    }
    return readFence(fence);
  };
  node.propose = async (command) => {
    calls.proposals += 1;
    // A follower's proposal resolves once it applied the entry, so everything before it too.
    if (options.lagging) node.paused = false;
    return propose(command);
  };
  return calls;
}

const createProject = 'mutation { createProject(input: { name: "F" }) { project { id } } }';
const createTask = `mutation ($p: ID!) {
  createTask(input: { projectId: $p, title: "t" }) { task { id version } } }`;
const updateTask = `mutation ($id: ID!, $v: Int, $title: String = "u") {
  updateTask(input: { id: $id, expectedVersion: $v, changes: { title: $title } }) {
    task { version } } }`;

describe('on one node', () => {
  let server: TestServer;
  let calls: Calls;
  let token: string;
  let projectId: string;
  let taskId: string;

  beforeAll(async () => {
    server = await startTestServer('schema_write_fence');
    calls = watch(server.node);
    token = (await signUp(server, 'Fence')).token;
    projectId = (await server.gql(createProject, {}, token)).data?.createProject.project.id;
    taskId = (await server.gql(createTask, { p: projectId }, token)).data?.createTask.task.id;
  });
  afterAll(() => server.close());

  /** Renames the task without a version check; its new version. */
  async function retitle(title: string): Promise<number> {
    const updated = await server.gql(updateTask, { id: taskId, title }, token);
    return updated.data?.updateTask.task.version;
  }

  it('proposes a mutation whose checks pass without a fence', async () => {
    calls.reset();
    const version = await retitle('w');
    const again = await server.gql(updateTask, { id: taskId, v: version, title: 'v' }, token);
    expect(again.data?.updateTask.task.version).toBe(version + 1);
    const comment = await server.gql(
      'mutation ($t: ID!) { addComment(input: { taskId: $t, body: "hi" }) { success } }',
      { t: taskId },
      token,
    );
    expect(comment.data?.addComment.success).toBe(true);
    expect(calls).toMatchObject({ fences: 0, proposals: 3 });
  });

  it('fences a refusal, checks again and reports it when it holds, proposing nothing', async () => {
    calls.reset();
    const stale = await server.gql(updateTask, { id: taskId, v: 1 }, token);
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    expect(calls).toMatchObject({ fences: 1, proposals: 0 });
    const outsider = await signUp(server, 'Outsider');
    calls.reset();
    const notTheirs = await server.gql(updateTask, { id: taskId }, outsider.token);
    expect(errorCodes(notTheirs)).toEqual(['NOT_FOUND']);
    expect(calls).toMatchObject({ fences: 1, proposals: 0 });
  });

  it('reports a FORBIDDEN pre-check after one fence', async () => {
    const viewer = await signUp(server, 'Viewer');
    await server.gql(
      `mutation ($p: ID!, $e: String!) {
        addProjectMember(input: { projectId: $p, email: $e, role: VIEWER }) { success } }`,
      { p: projectId, e: viewer.email },
      token,
    );
    calls.reset();
    const refused = await server.gql(updateTask, { id: taskId }, viewer.token);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(calls).toMatchObject({ fences: 1, proposals: 0 });
  });

  it("reports apply's refusal as it is: no fence, no second proposal", async () => {
    const other = (await server.gql(createProject, {}, token)).data?.createProject.project.id;
    const label = await server.gql(
      `mutation ($p: ID!) { createLabel(input: { projectId: $p, name: "x", color: "#ff0000" }) {
        label { id } } }`,
      { p: other },
      token,
    );
    calls.reset();
    const foreign = await server.gql(
      `mutation ($t: ID!, $l: ID!) { setTaskLabels(input: { taskId: $t, labelIds: [$l] }) {
        success } }`,
      { t: taskId, l: label.data?.createLabel.label.id },
      token,
    );
    expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
    expect(calls).toMatchObject({ fences: 0, proposals: 1 });
  });

  it('re-checks only the field that refused, after an earlier field proposed', async () => {
    const version = await retitle('x');
    calls.reset();
    const both = await server.gql(
      `mutation ($id: ID!, $v: Int!) {
        ok: updateTask(input: { id: $id, expectedVersion: $v, changes: { title: "a" } }) {
          task { version } }
        stale: updateTask(input: { id: $id, expectedVersion: $v, changes: { title: "b" } }) {
          task { version } } }`,
      { id: taskId, v: version },
      token,
    );
    expect(errorCodes(both)).toEqual(['CONFLICT']);
    expect(calls).toMatchObject({ fences: 1, proposals: 1 });
  });

  it('fences first where what it reads goes into the command (passwords), not for createTask', async () => {
    calls.reset();
    // createTask reads no column or position: apply appends at the bottom as of its entry.
    await server.gql(createTask, { p: projectId }, token);
    expect(calls).toMatchObject({ fences: 0, proposals: 1 });
    calls.reset();
    const signIn = 'mutation ($i: SignInInput!) { signIn(input: $i) { token } }';
    const credentials = { email: 'nobody@example.test', password: 'wrong password' };
    const wrong = await server.gql(signIn, { i: credentials });
    expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(calls).toMatchObject({ fences: 1, proposals: 0 });
  });
});

describe('on a lagging follower', () => {
  let nodes: LocalNode[];
  let servers: RaftboardYoga[];
  let follower: Calls;

  const gql = (on: number, query: string, variables: Record<string, unknown>, token?: string) =>
    gqlThrough(servers[on] as RaftboardYoga, query, variables, token);

  beforeAll(async () => {
    nodes = await createLocalCluster('schema_write_fence_lag', 2);
    servers = nodes.map((node) => createRaftboardYoga({ node, production: false }));
    follower = watch(nodes[1] as LocalNode, { lagging: true });
  });
  afterAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, drainGraceMs));
    for (const node of nodes) await node.close();
  });

  it('checks a refusal against every acknowledged write before reporting it', async () => {
    (nodes[1] as LocalNode).paused = true;
    // Everything below is acknowledged by the leader before the follower hears of it: the
    // account, the session, the project, the task and its new version.
    const signedUp = await gql(0, signUpMutation('lag@example.test'), {});
    const token = signedUp.data?.signUp.token as string;
    const projectId = (await gql(0, createProject, {}, token)).data?.createProject.project.id;
    const task = (await gql(0, createTask, { p: projectId }, token)).data?.createTask.task;
    const bumped = await gql(0, updateTask, { id: task.id, v: task.version }, token);
    const version = bumped.data?.updateTask.task.version as number;
    follower.reset();
    // The follower knows neither the session nor the version: UNAUTHENTICATED and CONFLICT on
    // its own copy, both false. One fence later it answers as the leader would.
    const onFollower = await gql(1, updateTask, { id: task.id, v: version, title: 'v' }, token);
    expect(onFollower.data?.updateTask.task.version).toBe(version + 1);
    expect(follower).toMatchObject({ fences: 1, proposals: 1 });
  });

  it('lets apply refuse a stale write whose check passed on the lagging copy', async () => {
    const signedUp = await gql(0, signUpMutation('lag2@example.test'), {});
    const token = signedUp.data?.signUp.token as string;
    const projectId = (await gql(0, createProject, {}, token)).data?.createProject.project.id;
    const task = (await gql(0, createTask, { p: projectId }, token)).data?.createTask.task;
    await (nodes[1] as LocalNode).resume();
    (nodes[1] as LocalNode).paused = true;
    await gql(0, updateTask, { id: task.id, v: task.version }, token);
    follower.reset();
    // The follower still has `task.version`: its check passes, apply (in log order) refuses.
    const stale = await gql(1, updateTask, { id: task.id, v: task.version }, token);
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    expect(follower).toMatchObject({ fences: 0, proposals: 1 });
  });
});

function signUpMutation(email: string): string {
  return `mutation { signUp(input: { email: "${email}", password: "long enough pw",
    name: "Lag" }) { token } }`;
}
