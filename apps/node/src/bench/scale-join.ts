import { uuidv7 } from '@raftboard/uuidv7';
import { type BoardSession, createTask } from '../client/board.ts';
import { withRetries } from '../client/retry.ts';
import type { LocalCluster } from '../launch/cluster.ts';
import type { NodeProcess } from '../launch/node-process.ts';
import type { NodeStatus } from '../status.ts';
import { residentBytes } from './rss-sampler.ts';
import { writeAttemptsMax } from './scale-data.ts';

/** How often the join is polled (node statuses). */
const pollIntervalMs = 100;
/** Filler writes in flight while the log is filled up to the compaction threshold. */
const fillersInFlight = 16;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with `${phase} did not finish within …` when `work` takes longer than `limitMs`. */
export async function withinDeadline<T>(
  phase: string,
  limitMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const minutes = (limitMs / 60_000).toFixed(1);
    timer = setTimeout(
      () => reject(new Error(`${phase} did not finish within ${minutes} min`)),
      limitMs,
    );
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Throws naming every node of `nodes` whose process has exited (crashed, or killed by OOM). */
function requireRunning(nodes: readonly NodeProcess[]): void {
  const gone = nodes.filter((node) => !node.running).map((node) => node.spec.id);
  if (gone.length > 0) throw new Error(`${gone.join(', ')} exited (see its log)`);
}

/** The statuses of `nodes`, throwing if one has exited; null for one that does not answer. */
async function statusesOf(nodes: readonly NodeProcess[]): Promise<(NodeStatus | null)[]> {
  requireRunning(nodes);
  return Promise.all(nodes.map((node) => node.status(5_000)));
}

/**
 * Makes the members compact their log, so that a node joining from nothing can only catch up
 * by snapshot: writes small tasks until the log holds `thresholdEntries`, then waits until every
 * member's log starts after index 1. Returns whether the snapshot was taken now (false: the load
 * itself passed the threshold, so it was taken before the measured window).
 */
export async function compactEveryLog(
  cluster: LocalCluster,
  session: BoardSession,
  thresholdEntries: number,
): Promise<boolean> {
  const members = [...cluster.nodes];
  const leader = cluster.node(await cluster.waitForLeader());
  const before = await leader.status(5_000);
  if (before === null) throw new Error(`leader ${leader.spec.id} does not answer /status`);
  const takenNow = before.firstIndex <= 1;
  const inLog = before.appliedIndex - before.firstIndex + 1;
  const fillers = takenNow ? Math.max(1, thresholdEntries - inLog + 1) : 0;
  let written = 0;
  const writer = async () => {
    while (written < fillers) {
      written++;
      const requestId = uuidv7();
      await withRetries(writeAttemptsMax, () =>
        createTask(leader.url, session, `filler ${written}`, { requestId, timeoutMs: 60_000 }),
      );
    }
  };
  await Promise.all(Array.from({ length: fillersInFlight }, writer));
  for (;;) {
    const statuses = await statusesOf(members);
    if (statuses.every((status) => status !== null && status.firstIndex > 1)) return takenNow;
    await pause(pollIntervalMs);
  }
}

/** What a join measured: from addLearner to caught up; whether it came by snapshot. */
export interface JoinResult {
  joinMs: number;
  /** The new node's log starts after index 1: it installed a snapshot. */
  bySnapshot: boolean;
  /** Terms that passed from addLearner to promotion (elections the join provoked). */
  elections: number;
}

async function waitUntilAnswers(node: NodeProcess): Promise<void> {
  while ((await statusesOf([node]))[0] === null) await pause(pollIntervalMs);
}

/** Attempts of one admin call when leadership moves under it. */
const adminAttemptsMax = 5;

/**
 * A membership call at the current leader. A leader busy taking or sending a large snapshot
 * can miss heartbeats and lose an election; the call is then refused before anything is
 * proposed ("not the leader"), so it is made again at the new leader.
 */
async function membershipChange(cluster: LocalCluster, body: Record<string, unknown>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await cluster.admin(await cluster.waitForLeader(), '/admin/membership', body);
    } catch (error) {
      const moved = error instanceof Error && error.message.startsWith('not the leader');
      if (!moved || attempt >= adminAttemptsMax) throw error;
      await pause(pollIntervalMs);
    }
  }
}

/** The current term and the leader's applied index. */
async function leaderProgress(cluster: LocalCluster) {
  const leader = cluster.node(await cluster.waitForLeader());
  const [status] = await statusesOf([leader]);
  return status == null ? null : { term: status.term, appliedIndex: status.appliedIndex };
}

/**
 * Adds `node` (started, waiting to join) as a learner through the membership API, waits until
 * it has applied as far as the leader, and promotes it to voter (Raft §6). Throws if a member
 * exits on the way.
 */
export async function joinAndCatchUp(
  cluster: LocalCluster,
  node: NodeProcess,
): Promise<JoinResult> {
  const members = [...cluster.nodes];
  const startTerm = (await leaderProgress(cluster))?.term ?? 0;
  const started = performance.now();
  const { peerPort: port, httpPort } = node.spec;
  await membershipChange(cluster, {
    op: 'addLearner',
    id: node.spec.id,
    host: '127.0.0.1',
    port,
    httpPort,
  });
  let joined: NodeStatus | null = null;
  while (joined === null) {
    const [own] = await statusesOf([node]);
    const leader = await leaderProgress(cluster);
    if (own && leader && own.appliedIndex >= leader.appliedIndex) joined = own;
    else await pause(pollIntervalMs);
  }
  const joinMs = performance.now() - started;
  await membershipChange(cluster, { op: 'promote', id: node.spec.id });
  while ((await statusesOf(members)).find((s) => s?.id === node.spec.id)?.role !== 'follower') {
    await pause(pollIntervalMs);
  }
  const elections = ((await leaderProgress(cluster))?.term ?? startTerm) - startTerm;
  return { joinMs, bySnapshot: joined.firstIndex > 1, elections };
}

/** Starts the next node, waiting to join, and returns it once it answers; with its idle RSS. */
export async function startJoiningNode(
  cluster: LocalCluster,
): Promise<{ node: NodeProcess; idleBytes: number }> {
  const node = await cluster.addNode();
  await waitUntilAnswers(node);
  return { node, idleBytes: residentBytes(node.pid ?? 0) ?? 0 };
}
