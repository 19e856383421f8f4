import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createDatabase,
  dropDatabase,
  provisionMysqlServer,
  repositoryRoot,
  uniqueDatabaseName,
} from '@raftboard/db/provision';
import { uuidv7 } from '@raftboard/uuidv7';
import { type BoardSession, createTask, openBoard } from '../client/board.ts';
import { graphql } from '../client/graphql.ts';
import { LocalCluster } from '../launch/cluster.ts';
import { type BenchFigures, benchTable, throughputRatio } from './bench-table.ts';
import { measureCommitCeiling } from './commit-ceiling.ts';
import { measureLiveLatency } from './live-latency.ts';
import { measure, percentile } from './measure.ts';
import { startNoRaftBaseline } from './no-raft-baseline.ts';
import { numericSettings } from './settings.ts';

/** Seconds of the same load, unmeasured, before each measured phase (JIT, pools, caches). */
const warmUpSeconds = 1;

async function writes(url: string, session: BoardSession, clients: number, seconds: number) {
  const write = () => createTask(url, session, `bench ${randomUUID()}`);
  await measure(clients, warmUpSeconds, write);
  return measure(clients, seconds, write);
}

async function reads(
  url: string,
  session: BoardSession,
  taskId: string,
  linearizable: boolean,
  seconds: number,
) {
  const query = linearizable
    ? 'query ($id: ID!) { task(id: $id, consistency: LINEARIZABLE) { title } }'
    : 'query ($id: ID!) { task(id: $id) { title } }';
  const read = () => graphql(url, query, { id: taskId }, { token: session.token });
  await measure(16, warmUpSeconds, read);
  return measure(16, seconds, read);
}

/**
 * Kills the leader `kills` times; each time, how long until a write started after the kill is
 * acknowledged.
 */
async function failovers(cluster: LocalCluster, session: BoardSession, kills: number) {
  const times: number[] = [];
  for (let i = 0; i < kills; i++) {
    const leader = cluster.node(await cluster.waitForLeader());
    const survivors = cluster.nodes.filter((node) => node !== leader).map((node) => node.url);
    const requestId = uuidv7();
    await leader.kill('SIGKILL');
    const killedAt = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const url = survivors[attempt % survivors.length] ?? '';
        await createTask(url, session, `after kill ${i}`, { requestId, timeoutMs: 2_000 });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    times.push(performance.now() - killedAt);
    leader.start();
    await cluster.waitConverged(0, 60_000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const maxMs = sorted.at(-1) ?? Number.NaN;
  // Each kill's time in kill order, so an outlier can be found in the node logs.
  return { kills, medianMs: percentile(sorted, 50), maxMs, timesMs: times.map(Math.round) };
}

const usage =
  'usage: npm run bench:cluster [-- --seconds 10 --kills 30 --live-writes 500 --base-port 7900]';

/** The run's settings from the command line; on a bad one, says why and exits with status 2. */
function settings() {
  const values = numericSettings(
    {
      seconds: { default: 10, min: 1, max: 600, integer: false },
      kills: { default: 30, min: 1, max: 1_000, integer: true },
      'live-writes': { default: 500, min: 1, max: 100_000, integer: true },
      'base-port': { default: 7_900, min: 1_025, max: 65_000, integer: true },
    },
    usage,
  );
  return {
    seconds: values.seconds,
    kills: values.kills,
    liveWrites: values['live-writes'],
    basePort: values['base-port'],
  };
}

type Settings = ReturnType<typeof settings>;

/** Every figure but the ceiling, from a fresh 3-node cluster and a no-Raft baseline beside it. */
async function clusterFigures(
  serverUrl: string,
  { seconds, kills, liveWrites, basePort }: Settings,
): Promise<Omit<BenchFigures, 'ceiling'>> {
  const cluster = await LocalCluster.start({
    serverUrl,
    nodes: 3,
    basePort,
    databasePrefix: uniqueDatabaseName('bench'),
    fresh: true,
    logDirectory: join(repositoryRoot(), '.data', 'bench', 'logs'),
    env: { RAFTBOARD_LOG: 'quiet' },
  });
  const directName = uniqueDatabaseName('bench_direct');
  const direct = await startNoRaftBaseline({
    databaseUrl: await createDatabase(serverUrl, directName),
    port: basePort - 1,
  });
  try {
    const leaderUrl = cluster.node(await cluster.waitForLeader()).url;
    const session = await openBoard(leaderUrl);
    const directSession = await openBoard(direct.url);
    const followerUrl = cluster.nodes.find((node) => node.url !== leaderUrl)?.url ?? leaderUrl;
    const writeResults = {
      raft1: await writes(leaderUrl, session, 1, seconds),
      raft64: await writes(leaderUrl, session, 64, seconds),
      raftFollower1: await writes(followerUrl, session, 1, seconds),
      raftFollower64: await writes(followerUrl, session, 64, seconds),
      direct1: await writes(direct.url, directSession, 1, seconds),
      direct64: await writes(direct.url, directSession, 64, seconds),
    };
    const { id: taskId } = await createTask(leaderUrl, session, 'read me');
    await cluster.waitConverged(0);
    const readResults = {
      localFollower: await reads(followerUrl, session, taskId, false, seconds),
      linearizableFollower: await reads(followerUrl, session, taskId, true, seconds),
      linearizableLeader: await reads(leaderUrl, session, taskId, true, seconds),
    };
    const live = await measureLiveLatency({
      writerUrl: leaderUrl,
      subscriberUrl: followerUrl,
      session,
      writes: liveWrites,
    });
    const failover = await failovers(cluster, session, kills);
    return { writes: writeResults, reads: readResults, live, failover };
  } finally {
    await direct.stop();
    await dropDatabase(serverUrl, directName);
    await cluster.stop({ dropDatabases: true });
  }
}

/** Writes the figures under .data/bench/ and returns the file's path. */
function writeFigures(content: unknown): string {
  const directory = join(repositoryRoot(), '.data', 'bench');
  const file = join(directory, `cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(directory, { recursive: true });
  writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

/**
 * `npm run bench:cluster`, in one table: the ceiling (MariaDB autocommit commits/s at 1 and 64
 * connections on the server the cluster uses); createTask writes/s and p50/p99 through a 3-node cluster's leader and a
 * follower at 1 and 64 clients, and the same without Raft, each with its ratio to the ceiling
 * and Raft's to no-Raft; local and linearizable reads/s; the delay from a write's
 * acknowledgement to its event at a follower's subscriber; failover time over repeated leader
 * kills. Writes the figures as JSON under .data/bench/.
 */
async function main() {
  const options = settings();
  const mysql = await provisionMysqlServer();
  try {
    // Before the cluster starts, so nothing else of ours writes to the disk meanwhile.
    const ceiling = await measureCommitCeiling({ serverUrl: mysql.url, seconds: options.seconds });
    const figures: BenchFigures = { ceiling, ...(await clusterFigures(mysql.url, options)) };
    console.log(benchTable(figures));
    const { writes: results, reads: readResults, ...rest } = figures;
    const file = writeFigures({
      ...options,
      results,
      ratio1: throughputRatio(results.raft1, results.direct1),
      ratio64: throughputRatio(results.raft64, results.direct64),
      ceilingRatio1: throughputRatio(results.raft1, ceiling.connections1),
      ceilingRatio64: throughputRatio(results.raft64, ceiling.connections64),
      readResults,
      ...rest,
    });
    console.log(`figures written to ${file}`);
  } finally {
    await mysql.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
