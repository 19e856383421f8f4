import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createDatabase,
  dropDatabase,
  provisionMysqlServer,
  repositoryRoot,
  uniqueDatabaseName,
} from '@raftboard/db/provision';
import { type BoardSession, createTask, openBoard } from '../client/board.ts';
import { graphql } from '../client/graphql.ts';
import { LocalCluster } from '../launch/cluster.ts';
import { startNoRaftBaseline } from './no-raft-baseline.ts';

/** Latencies of one run, in milliseconds. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Throughput {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  operations: number;
}

/** Runs `operation` from `clients` concurrent loops for `seconds`; counts successes. */
async function measure(
  clients: number,
  seconds: number,
  operation: () => Promise<unknown>,
): Promise<Throughput> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await operation();
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, loop));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    operations: latencies.length,
  };
}

async function writes(url: string, session: BoardSession, clients: number, seconds: number) {
  return measure(clients, seconds, () => createTask(url, session, `bench ${randomUUID()}`));
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
  return measure(16, seconds, () => graphql(url, query, { id: taskId }, { token: session.token }));
}

/** Kills the leader `kills` times; each time, how long until a write started after the kill is acknowledged. */
async function failovers(cluster: LocalCluster, session: BoardSession, kills: number) {
  const times: number[] = [];
  for (let i = 0; i < kills; i++) {
    const leader = cluster.node(await cluster.waitForLeader());
    const survivors = cluster.nodes.filter((node) => node !== leader).map((node) => node.url);
    const requestId = randomUUID();
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
  times.sort((a, b) => a - b);
  return { kills, medianMs: percentile(times, 50), maxMs: times.at(-1) ?? Number.NaN };
}

function row(name: string, t: Throughput) {
  return `${name.padEnd(42)} ${t.perSecond.toFixed(0).padStart(8)}/s  p50 ${t.p50Ms.toFixed(1).padStart(7)} ms  p99 ${t.p99Ms.toFixed(1).padStart(7)} ms`;
}

/**
 * `npm run bench:cluster [-- --seconds 10 --kills 30]`: writes/s and latency through a 3-node
 * cluster at 1 and 64 clients, the same workload straight to MySQL without Raft (and the ratio),
 * failover time over repeated leader kills, and linearizable vs local reads/s. Prints a table
 * and writes the figures as JSON under .data/bench/.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      kills: { type: 'string', default: '30' },
      'base-port': { type: 'string', default: '7900' },
    },
  });
  const seconds = Number(values.seconds);
  const kills = Number(values.kills);
  const basePort = Number(values['base-port']);
  const mysql = await provisionMysqlServer();
  const cluster = await LocalCluster.start({
    serverUrl: mysql.url,
    nodes: 3,
    basePort,
    databasePrefix: uniqueDatabaseName('bench'),
    fresh: true,
    logDirectory: join(repositoryRoot(), '.data', 'bench', 'logs'),
    env: { RAFTBOARD_LOG: 'quiet' },
  });
  const directName = uniqueDatabaseName('bench_direct');
  const direct = await startNoRaftBaseline({
    databaseUrl: await createDatabase(mysql.url, directName),
    port: 7899,
  });
  try {
    const leaderUrl = cluster.node(await cluster.waitForLeader()).url;
    const session = await openBoard(leaderUrl);
    const directSession = await openBoard(direct.url);
    const followerUrl = cluster.nodes.find((node) => node.url !== leaderUrl)?.url ?? leaderUrl;
    const results = {
      raft1: await writes(leaderUrl, session, 1, seconds),
      raft64: await writes(leaderUrl, session, 64, seconds),
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
    const failover = await failovers(cluster, session, kills);
    const ratio1 = results.raft1.perSecond / results.direct1.perSecond;
    const ratio64 = results.raft64.perSecond / results.direct64.perSecond;
    console.log(
      [
        row('createTask, 3-node Raft, 1 client (leader)', results.raft1),
        row('createTask, 3-node Raft, 64 clients (leader)', results.raft64),
        row('createTask, 3-node Raft, 64 clients (follower)', results.raftFollower64),
        row('createTask, straight to MySQL, 1 client', results.direct1),
        row('createTask, straight to MySQL, 64 clients', results.direct64),
        `Raft ÷ direct throughput: ${ratio1.toFixed(2)} at 1 client, ${ratio64.toFixed(2)} at 64 clients`,
        row('task read, local, 16 clients (follower)', readResults.localFollower),
        row('task read, LINEARIZABLE, 16 clients (follower)', readResults.linearizableFollower),
        row('task read, LINEARIZABLE, 16 clients (leader)', readResults.linearizableLeader),
        `failover (kill -9 leader → next acknowledged write) over ${failover.kills} kills: median ${failover.medianMs.toFixed(0)} ms, max ${failover.maxMs.toFixed(0)} ms`,
      ].join('\n'),
    );
    const file = join(
      repositoryRoot(),
      '.data',
      'bench',
      `cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    mkdirSync(join(repositoryRoot(), '.data', 'bench'), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ seconds, results, ratio1, ratio64, readResults, failover }, null, 2),
    );
    console.log(`figures written to ${file}`);
  } finally {
    await direct.stop();
    await dropDatabase(mysql.url, directName);
    await cluster.stop({ dropDatabases: true });
    await mysql.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
