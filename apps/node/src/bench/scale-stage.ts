import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  databaseSizeBytes,
  repositoryRoot,
  serverUrlOf,
  uniqueDatabaseName,
} from '@raftboard/db/provision';
import { LocalCluster } from '../launch/cluster.ts';
import type { NodeProcess } from '../launch/node-process.ts';
import type { LatencySummary } from './measure.ts';
import { RssSampler, residentBytes } from './rss-sampler.ts';
import { plannedEntries, type ScalePlan, type SeededBoard, seedBoard } from './scale-data.ts';
import { compactEveryLog, joinAndCatchUp, startJoiningNode, withinDeadline } from './scale-join.ts';
import { boardQuery, queryLatency, searchQuery } from './scale-queries.ts';

/** Everything one stage measured; a figure is null when its phase failed (see `failures`). */
export interface StageFigures {
  plan: ScalePlan;
  /** Seconds to load the plan through the API. */
  loadSeconds: number | null;
  /** The log index once the load was applied everywhere: the entries it took. */
  entriesAfterLoad: number | null;
  /** The compaction threshold the nodes ran with. */
  thresholdEntries: number;
  /** RSS before the join (bytes), per node id; n4 right after it started, still waiting. */
  idleBytes: Map<string, number>;
  /** Highest RSS while the snapshot was taken, sent and installed and n4 caught up. */
  peakBytes: Map<string, number>;
  /** From addLearner to n4's applied index reaching the leader's. */
  joinSeconds: number | null;
  /** Elections (new terms) between addLearner and promotion. */
  elections: number | null;
  /** n4 caught up and was promoted, having installed a snapshot. */
  joined: boolean;
  /** The snapshot was taken inside the measured window (not already during the load). */
  snapshotInWindow: boolean;
  /** information_schema data + index bytes of each node's database. */
  dataBytes: Map<string, number>;
  board: LatencySummary | null;
  search: LatencySummary | null;
  /** One line per failed phase: what failed and why. */
  failures: string[];
}

/** Settings every stage shares. */
export interface StageOptions {
  serverUrl: string;
  basePort: number;
  importers: number;
  queryRuns: number;
  /** Names the stage in database names and log folders ('small', 'large'). */
  name: string;
}

/** Samples of the idle RSS, whose median is reported (one read can catch a GC in flight). */
const idleSamples = 9;
/**
 * How long the nodes rest after the load before their idle RSS is read and the snapshot phases
 * start: what a node keeps once it has gone quiet, not what the load's last second left. Long
 * enough for a node to count as quiet and for V8's memory reducer to run (quiet-memory.ts: 5 s,
 * then the reducer's 8 s delay and its collections), with room for a slow box.
 */
const settleMs = 25_000;
const minuteMs = 60_000;

/** Per-phase limits, generous for this 2-core box; past them the phase fails with a line. */
function deadlinesOf(plan: ScalePlan) {
  return {
    loadMs: 5 * minuteMs + plan.tasks * 2 + plan.attachments * 2_000,
    snapshotMs: 5 * minuteMs + plan.tasks + plan.attachments * 500,
    joinMs: 5 * minuteMs + plan.tasks + plan.attachments * 1_000,
    queriesMs: 10 * minuteMs,
  };
}

/**
 * The compaction threshold: above what the load proposes, so the snapshot the new node needs is
 * taken inside the measured window, by the filler writes of `compactEveryLog`. Twice the plan:
 * elections under load add entries the plan cannot count (a no-op and a leader record each).
 */
function thresholdOf(plan: ScalePlan): number {
  return 2 * plannedEntries(plan) + 100;
}

async function medianRss(node: NodeProcess): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < idleSamples; i++) {
    samples.push(residentBytes(node.pid ?? 0) ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return samples.sort((a, b) => a - b)[Math.floor(idleSamples / 2)] ?? 0;
}

function databaseName(node: NodeProcess): string {
  return new URL(node.spec.databaseUrl).pathname.slice(1);
}

/** Runs `work`; on failure, records `phase: why` in `figures.failures` and returns null. */
async function phase<T>(figures: StageFigures, name: string, work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    figures.failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** Peak RSS per node while the log is compacted and a fourth node joins by snapshot. */
async function measureJoin(
  cluster: LocalCluster,
  seeded: SeededBoard,
  figures: StageFigures,
): Promise<void> {
  const deadlines = deadlinesOf(figures.plan);
  const sampler = new RssSampler();
  for (const node of cluster.nodes) sampler.watch(node.spec.id, node.pid ?? 0);
  sampler.start();
  try {
    const session = { token: seeded.owner.token, projectId: seeded.largestProjectId, index: 0 };
    const takenNow = await phase(figures, 'snapshot', () =>
      withinDeadline('snapshot', deadlines.snapshotMs, () =>
        compactEveryLog(cluster, session, figures.thresholdEntries),
      ),
    );
    figures.snapshotInWindow = takenNow === true;
    if (takenNow === null) return;
    const joining = await startJoiningNode(cluster);
    figures.idleBytes.set(joining.node.spec.id, joining.idleBytes);
    sampler.watch(joining.node.spec.id, joining.node.pid ?? 0);
    const joined = await phase(figures, 'join', () =>
      withinDeadline('join', deadlines.joinMs, () => joinAndCatchUp(cluster, joining.node)),
    );
    figures.joinSeconds = joined ? joined.joinMs / 1_000 : null;
    figures.elections = joined ? joined.elections : null;
    figures.joined = joined?.bySnapshot === true;
    if (joined && !joined.bySnapshot) figures.failures.push('join: caught up without a snapshot');
  } finally {
    for (const [id, bytes] of sampler.stop()) figures.peakBytes.set(id, bytes);
  }
}

/** p50/p99 of the board query and of `searchTasks` on the largest project, at the leader. */
async function measureQueries(
  cluster: LocalCluster,
  seeded: SeededBoard,
  figures: StageFigures,
  runs: number,
) {
  const url = cluster.node(await cluster.waitForLeader()).url;
  const both = async () => ({
    board: await queryLatency(runs, () => boardQuery(url, seeded.owner, seeded.largestProjectId)),
    search: await queryLatency(runs, () => searchQuery(url, seeded.reader)),
  });
  const latencies = await phase(figures, 'queries', () =>
    withinDeadline('queries', deadlinesOf(figures.plan).queriesMs, both),
  );
  figures.board = latencies?.board ?? null;
  figures.search = latencies?.search ?? null;
}

/**
 * One stage on a fresh 3-node cluster with databases of its own: load `plan`, read each node's
 * idle RSS, compact the logs and join a fourth node by snapshot while sampling RSS, then the
 * database sizes and the query latencies. Stops the nodes and drops the databases at the end,
 * whatever failed.
 */
export async function runStage(plan: ScalePlan, options: StageOptions): Promise<StageFigures> {
  const figures: StageFigures = {
    plan,
    loadSeconds: null,
    entriesAfterLoad: null,
    thresholdEntries: thresholdOf(plan),
    idleBytes: new Map(),
    peakBytes: new Map(),
    joinSeconds: null,
    elections: null,
    joined: false,
    snapshotInWindow: false,
    dataBytes: new Map(),
    board: null,
    search: null,
    failures: [],
  };
  const logDirectory = join(repositoryRoot(), '.data', 'bench', 'scale', options.name);
  // The node logs of this run only: the launcher appends, and an earlier run's lines mislead.
  rmSync(logDirectory, { recursive: true, force: true });
  const cluster = await LocalCluster.start({
    serverUrl: options.serverUrl,
    nodes: 3,
    basePort: options.basePort,
    databasePrefix: uniqueDatabaseName(`scale_${options.name}`),
    fresh: true,
    logDirectory,
    env: {
      RAFTBOARD_LOG: 'quiet',
      RAFTBOARD_SNAPSHOT_THRESHOLD_ENTRIES: String(figures.thresholdEntries),
    },
  });
  try {
    const url = cluster.node(await cluster.waitForLeader()).url;
    const seeded = await phase(figures, 'load', () =>
      withinDeadline('load', deadlinesOf(plan).loadMs, () =>
        seedBoard(url, plan, { importers: options.importers }),
      ),
    );
    if (seeded === null) return figures;
    figures.loadSeconds = seeded.loadMs / 1_000;
    figures.entriesAfterLoad = await cluster.waitConverged(0, deadlinesOf(plan).snapshotMs);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    for (const node of cluster.nodes) figures.idleBytes.set(node.spec.id, await medianRss(node));
    await measureJoin(cluster, seeded, figures);
    for (const node of cluster.nodes) {
      const bytes = await databaseSizeBytes(serverUrlOf(node.spec.databaseUrl), databaseName(node));
      figures.dataBytes.set(node.spec.id, bytes);
    }
    await measureQueries(cluster, seeded, figures, options.queryRuns);
    return figures;
  } finally {
    await cluster.stop({ dropDatabases: true });
  }
}
