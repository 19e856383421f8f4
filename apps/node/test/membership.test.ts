// Goal: an operator grows and shrinks a live cluster one server at a time (Raft §6) — a new
// node joins as a learner, catches up, is promoted, and a removed leader steps down — while
// writes go on and every member ends with the same board.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BoardSession, createTask, openBoard } from '../src/client/board.ts';
import { TestCluster } from './support/cluster-fixture.ts';

let cluster: TestCluster;
let session: BoardSession;
let lastIndex = 0;

async function write(title: string) {
  const leader = await cluster.leader();
  const { index } = await createTask(cluster.url(leader), session, title);
  lastIndex = Math.max(lastIndex, index);
}

async function expectSameBoard() {
  await cluster.waitConverged(lastIndex);
  const running = cluster.nodes.filter((node) => node.running).map((node) => node.spec.id);
  const [first, ...rest] = await Promise.all(running.map((id) => cluster.checksums(id)));
  for (const checksums of rest) expect(checksums).toEqual(first);
}

beforeAll(async () => {
  cluster = await TestCluster.start({ prefix: 'membership' });
  session = await openBoard(cluster.url(await cluster.leader()));
  for (let i = 0; i < 5; i++) await write(`before n4 ${i}`);
});

afterAll(async () => {
  await cluster?.stop();
});

it('adds a fourth node as a learner, catches it up, and promotes it to voter', async () => {
  const n4 = await cluster.cluster.addNode();
  const leader = await cluster.leader();
  await cluster.cluster.admin(leader, '/admin/membership', {
    op: 'addLearner',
    id: 'n4',
    host: '127.0.0.1',
    port: n4.spec.peerPort,
    httpPort: n4.spec.httpPort,
  });
  await expectSameBoard();
  expect((await cluster.status('n4')).role).toBe('learner');
  const asLearner = (await cluster.status(leader)).peers.find((peer) => peer.id === 'n4');
  expect(asLearner?.voter).toBe(false);

  await cluster.cluster.admin(leader, '/admin/membership', { op: 'promote', id: 'n4' });
  const promoted = (await cluster.status(await cluster.leader())).peers.find(
    (peer) => peer.id === 'n4',
  );
  expect(promoted?.voter).toBe(true);
  await write('after n4 joined');
  await expectSameBoard();
  expect((await cluster.status('n4')).role).toBe('follower');
});

it('hands leadership to a chosen voter', async () => {
  const leader = await cluster.leader();
  await cluster.cluster.admin(leader, '/admin/transfer-leadership', { to: 'n4' });
  expect(await cluster.leader()).toBe('n4');
  await write('under n4');
  await expectSameBoard();
});

it('removes the leader: it steps down and the rest go on', async () => {
  const leader = await cluster.leader();
  await cluster.cluster.admin(leader, '/admin/membership', { op: 'remove', id: leader });
  await cluster.cluster.node(leader).stop();
  const next = await cluster.leader();
  expect(next).not.toBe(leader);
  const members = (await cluster.status(next)).peers.map((peer) => peer.id);
  expect(members).not.toContain(leader);
  await write('after the old leader left');
  await expectSameBoard();
});

it('hands leadership over on SIGTERM before the leader exits', async () => {
  const leader = await cluster.leader();
  const term = (await cluster.status(leader)).term;
  await cluster.cluster.node(leader).stop();
  // The handover happened before exit: a successor already leads, one term later, with no
  // election timeout in between.
  const statuses = await cluster.cluster.statuses();
  const successor = statuses.find((status) => status.role === 'leader');
  expect(successor?.term).toBe(term + 1);
  cluster.cluster.node(leader).start();
  await write('after the graceful restart');
  await expectSameBoard();
});

it('refuses a malformed membership request with a clear message', async () => {
  const leader = await cluster.leader();
  await expect(
    cluster.cluster.admin(leader, '/admin/membership', {
      op: 'addLearner',
      id: 'n9',
      host: '127.0.0.1',
    }),
  ).rejects.toThrow('port (the peer port) must be a whole number');
  await expect(
    cluster.cluster.admin(leader, '/admin/membership', { op: 'explode', id: 'n1' }),
  ).rejects.toThrow('op must be addLearner, promote or remove');
});
