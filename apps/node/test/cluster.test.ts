// Goal: real node processes agree on one task list through leader failure, partitions and
// crashes, and never lose or repeat an acknowledged write (the seed's cluster test plan).

import { existsSync, readFileSync } from 'node:fs';
import { uuidv7 } from '@raftboard/uuidv7';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BoardSession,
  catchUp,
  createTask,
  openBoard,
  taskTitles,
} from '../src/client/board.ts';
import { GraphqlRequestError, graphql } from '../src/client/graphql.ts';
import { jemallocPath, nodeRuntimeFlags } from '../src/launch/node-process.ts';
import { createHandshake } from '../src/peer/auth.ts';
import { TestCluster } from './support/cluster-fixture.ts';

let cluster: TestCluster;
let session: BoardSession;
/** Every acknowledged task title, in the order acknowledged. */
const acknowledged: string[] = [];
let lastIndex = 0;

/** Bound on retries of one write that met an election (UNAVAILABLE). */
const writeAttemptsMax = 5;

/**
 * Creates a task as a careful client does: on UNAVAILABLE (an election under way) it retries
 * with the same requestId, which the cluster applies at most once.
 */
async function write(url: string, title: string) {
  const requestId = uuidv7();
  for (let attempt = 1; ; attempt++) {
    try {
      const { index } = await createTask(url, session, title, { requestId });
      acknowledged.push(title);
      lastIndex = Math.max(lastIndex, index);
      return index;
    } catch (error) {
      const retry = error instanceof GraphqlRequestError && error.code === 'UNAVAILABLE';
      if (!retry || attempt >= writeAttemptsMax) throw error;
    }
  }
}

/** Every running node has applied the same log, holds every acknowledged task, and agrees. */
async function expectOneHistory() {
  const index = await cluster.waitConverged(lastIndex);
  const running = cluster.nodes.filter((node) => node.running).map((node) => node.spec.id);
  const expected = [...acknowledged].sort();
  for (const id of running) {
    expect(await taskTitles(cluster.url(id), session, index)).toEqual(expected);
  }
  const [first, ...rest] = await Promise.all(running.map((id) => cluster.checksums(id)));
  for (const checksums of rest) expect(checksums).toEqual(first);
}

beforeAll(async () => {
  cluster = await TestCluster.start({
    prefix: 'cluster',
    env: { RAFTBOARD_SNAPSHOT_THRESHOLD_ENTRIES: '40' },
  });
  session = await openBoard(cluster.url(await cluster.leader()));
});

afterAll(async () => {
  await cluster?.stop();
});

describe('a three-node cluster', () => {
  it('takes a write through a follower and shows it on every node', async () => {
    const leader = await cluster.leader();
    const [follower] = cluster.others(leader);
    await catchUp(cluster.url(follower!), session, session.index);
    await write(cluster.url(follower!), 'written through a follower');
    await expectOneHistory();
  });

  it('reports every member in the cluster query, as each describes itself', async () => {
    const leader = await cluster.leader();
    const [follower] = cluster.others(leader);
    const index = await cluster.waitConverged(lastIndex);
    type Cluster = {
      cluster: { leaderId: string; nodes: { id: string; role: string; appliedIndex: number }[] };
    };
    const query = '{ cluster { leaderId nodes { id role appliedIndex } } }';
    let answer: Cluster['cluster'] | undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      answer = (await graphql<Cluster>(cluster.url(follower!), query)).cluster;
      if (answer.nodes.every((node) => node.appliedIndex >= index)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer?.leaderId).toBe(leader);
    expect(answer?.nodes.map((node) => node.id).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(answer?.nodes.find((node) => node.id === leader)?.role).toBe('LEADER');
    for (const node of answer?.nodes ?? []) expect(node.appliedIndex).toBeGreaterThanOrEqual(index);
  });

  it('answers health and readiness on every node once caught up', async () => {
    await cluster.waitConverged(lastIndex);
    for (const node of cluster.nodes) {
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${node.url}/readyz`);
      expect(await ready.json()).toEqual({ ready: true });
    }
  });

  it('runs every node with the V8 memory flags, under jemalloc when it is installed', () => {
    const jemalloc = existsSync(jemallocPath);
    for (const node of cluster.nodes) {
      const args = readFileSync(`/proc/${node.pid}/cmdline`, 'utf8').split('\0');
      expect(args).toEqual(expect.arrayContaining(nodeRuntimeFlags));
      const mapped = readFileSync(`/proc/${node.pid}/maps`, 'utf8').includes(jemallocPath);
      expect(mapped).toBe(jemalloc);
    }
  });

  it('serves Prometheus metrics: its Raft state, apply latency and the process’s own', async () => {
    const leader = await cluster.leader();
    const answer = await fetch(`${cluster.url(leader)}/metrics`);
    expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const metrics = await answer.text();
    expect(metrics).toMatch(/^raftboard_raft_role\{role="leader"\} 1$/m);
    expect(metrics).toMatch(/^raftboard_apply_seconds_bucket\{le="0\.001"\} \d+$/m);
    expect(metrics).toMatch(/^raftboard_apply_seconds_count [1-9]/m);
    // Operators get the process metrics too: CPU, event-loop lag, heap.
    expect(metrics).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('lets V8 give memory back on every quiet node, scraped or not, and stops at the first write', async () => {
    const saverOf = async (url: string) =>
      /^raftboard_memory_saver 1$/m.test(await (await fetch(`${url}/metrics`)).text());
    // Only scrapes from here on: they are not work, so every node goes quiet (5 s).
    const quietBy = Date.now() + 30_000;
    let quiet: boolean[] = [];
    while (Date.now() < quietBy) {
      quiet = await Promise.all(cluster.nodes.map((node) => saverOf(node.url)));
      if (quiet.every(Boolean)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(quiet).toEqual(cluster.nodes.map(() => true));

    const leader = await cluster.leader();
    await write(cluster.url(leader), 'work again');
    const busyBy = Date.now() + 4_000;
    let saving = true;
    while (saving && Date.now() < busyBy) saving = await saverOf(cluster.url(leader));
    expect(saving).toBe(false);
  });

  it('elects a new leader after kill -9 of the leader and loses no acknowledged write', async () => {
    const leader = await cluster.leader();
    for (let i = 0; i < 5; i++) await write(cluster.url(leader), `before the crash ${i}`);
    await cluster.cluster.node(leader).kill('SIGKILL');
    const next = await cluster.leader();
    expect(next).not.toBe(leader);
    for (let i = 0; i < 5; i++) await write(cluster.url(next), `after the crash ${i}`);
    await expectOneHistory();

    // Restarted, it catches up by log (nothing was compacted past it yet).
    cluster.cluster.node(leader).start();
    await expectOneHistory();
  });

  it('brings a node far behind back by snapshot after the log was compacted', async () => {
    const leader = await cluster.leader();
    const [lagging] = cluster.others(leader);
    await cluster.cluster.node(lagging!).kill('SIGKILL');
    for (let i = 0; i < 100; i++)
      await write(cluster.url(leader), `while ${lagging} was down ${i}`);
    expect((await cluster.status(leader)).firstIndex).toBeGreaterThan(1);
    cluster.cluster.node(lagging!).start();
    await expectOneHistory();
    expect((await cluster.status(lagging!)).firstIndex).toBeGreaterThan(1);
    const metrics = await (await fetch(`${cluster.url(lagging!)}/metrics`)).text();
    expect(metrics).toMatch(/^raftboard_snapshots_installed_total [1-9]/m);
    expect(metrics).toMatch(/^raftboard_snapshot_streams_received_total [1-9]/m);
    // Streamed from the tables by the leader, never held whole (raft/snapshot-transfer.ts).
    const sent = await (await fetch(`${cluster.url(leader)}/metrics`)).text();
    expect(sent).toMatch(/^raftboard_snapshot_streams_sent_total [1-9]/m);
    expect(sent).toMatch(/^raftboard_snapshot_rows_sent_total [1-9]/m);
  });

  it('commits nothing on the minority side of a partition and heals into one history', async () => {
    const oldLeader = await cluster.leader();
    const majority = cluster.others(oldLeader);
    await cluster.setFaults(oldLeader, { dropTo: majority, dropFrom: majority });
    for (const id of majority)
      await cluster.setFaults(id, { dropTo: [oldLeader], dropFrom: [oldLeader] });

    const minorityWrite = createTask(cluster.url(oldLeader), session, 'on the minority side');
    await expect(minorityWrite).rejects.toSatisfy(
      (error) => error instanceof GraphqlRequestError && error.code === 'UNAVAILABLE',
    );
    let newLeader = '';
    for (let attempt = 0; attempt < 100 && !majority.includes(newLeader); attempt++) {
      const statuses = await Promise.all(majority.map((id) => cluster.status(id)));
      newLeader = statuses.find((status) => status.role === 'leader')?.id ?? '';
      if (!majority.includes(newLeader)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(majority).toContain(newLeader);
    await write(cluster.url(newLeader), 'on the majority side');

    for (const node of cluster.nodes) await cluster.setFaults(node.spec.id, {});
    await expectOneHistory();
    // The minority write was never acknowledged; if the old leader's proposal survived in a
    // retry it may have committed after healing — but it must then appear exactly once.
    const titles = await taskTitles(cluster.url(newLeader), session, lastIndex);
    expect(titles.filter((title) => title === 'on the minority side').length).toBeLessThanOrEqual(
      1,
    );
  });

  it('neither loses nor repeats entries when a follower dies in the middle of applying', async () => {
    const leader = await cluster.leader();
    const [victim] = cluster.others(leader);
    const burst = Array.from({ length: 30 }, (_, i) => write(cluster.url(leader), `burst ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await cluster.cluster.node(victim!).kill('SIGKILL');
    await Promise.all(burst);
    cluster.cluster.node(victim!).start();
    await expectOneHistory();
  });

  it('ignores an unauthenticated socket and garbage frames on the peer port', async () => {
    const leader = await cluster.leader();
    const before = await cluster.status(leader);
    const node = cluster.cluster.node(leader);
    const peerUrl = `http://127.0.0.1:${node.spec.peerPort}`;
    const connectAs = (auth: object) =>
      connect(peerUrl, { transports: ['websocket'], reconnection: false, auth });
    const outcome = (socket: ReturnType<typeof connect>) =>
      new Promise<'connected' | 'refused'>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', () => resolve('refused'));
      });
    const dropped = async () => {
      const metrics = await (await fetch(`${node.url}/metrics`)).text();
      const line = /raftboard_peer_messages_dropped_total\{direction="inbound"\} (\d+)/.exec(
        metrics,
      );
      return Number(line?.[1] ?? Number.NaN);
    };

    const stranger = connectAs({
      from: 'n2',
      to: leader,
      timestampMs: Date.now(),
      nonce: 'x',
      mac: 'forged',
    });
    expect(await outcome(stranger)).toBe('refused');
    stranger.close();

    // A socket that holds the secret but sends garbage: every frame is dropped and counted.
    const peer = cluster.others(leader)[0] ?? '';
    const secret = cluster.cluster.clusterSecret;
    const broken = connectAs(
      createHandshake({ secret, from: peer, to: leader, nowMs: Date.now() }),
    );
    expect(await outcome(broken)).toBe('connected');
    const droppedBefore = await dropped();
    const garbage = [
      null,
      7,
      'vote',
      [],
      { type: 'append', from: peer },
      { type: 'nope', from: peer, to: leader, term: 1 },
    ];
    for (const frame of garbage) broken.emit('raft', frame);
    broken.emit('raft', {
      type: 'heartbeat',
      from: 'n9',
      to: leader,
      term: 99,
      commit: 0,
      context: null,
    });
    broken.emit('shutdown', {});
    const expected = droppedBefore + garbage.length + 2;
    for (let attempt = 0; attempt < 50 && (await dropped()) < expected; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    broken.close();
    expect(await dropped()).toBeGreaterThanOrEqual(expected);
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(metrics).toMatch(/raftboard_peer_handshakes_rejected_total [1-9]/);

    const after = await cluster.status(leader);
    expect(after.role).toBe('leader');
    expect(after.term).toBe(before.term);
    await write(cluster.url(leader), 'after the stranger');
    await expectOneHistory();
  });
});
