import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { provisionMysqlServer, repositoryRoot, uniqueDatabaseName } from '@raftboard/db/provision';
import { createRandom } from '@raftboard/raft';
import { rawId } from '../client/board.ts';
import { LocalCluster } from '../launch/cluster.ts';
import { healAll, runNemesis } from './nemesis.ts';
import { clean, judge } from './verdict.ts';
import { openWorkloadBoard, runWorkload } from './workload.ts';

/** Register tasks the workload renames and reads (the linearizability check's keys). */
const registersCount = 3;
/** Bound on waiting for the healed cluster to agree before judging it. */
const convergeTimeoutMs = 120_000;

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '120' },
      clients: { type: 'string', default: '6' },
      seed: { type: 'string' },
      'base-port': { type: 'string', default: '7600' },
    },
  });
  const durationS = Number(values.duration);
  const clients = Number(values.clients);
  if (!Number.isFinite(durationS) || durationS < 5)
    throw new Error('--duration must be >= 5 (seconds)');
  if (!Number.isInteger(clients) || clients < 1 || clients > 64)
    throw new Error('--clients must be 1 to 64');
  const seed =
    values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  return { durationS, clients, seed, basePort: Number(values['base-port']) };
}

/**
 * `npm run chaos -- --duration 120 [--clients 6] [--seed N]`: three node processes, concurrent
 * clients writing through the public API with request ids and retries, and a nemesis that
 * kill -9s, pauses, partitions and restarts nodes at random. Prints the verdict as JSON and
 * exits non-zero on any violation (lost or doubled writes, diverging tables, a history that is
 * not linearizable).
 */
async function main() {
  const { durationS, clients, seed, basePort } = options();
  const random = createRandom(seed);
  const mysql = await provisionMysqlServer();
  const logDirectory = join(repositoryRoot(), '.data', 'chaos', `seed-${seed}`);
  const cluster = await LocalCluster.start({
    serverUrl: mysql.url,
    nodes: 3,
    basePort,
    databasePrefix: uniqueDatabaseName('chaos'),
    fresh: true,
    logDirectory,
    env: {
      RAFTBOARD_FAULT_INJECTION: '1',
      RAFTBOARD_LOG: 'quiet',
      RAFTBOARD_REQUEST_TIMEOUT_MS: '4000',
      RAFTBOARD_SNAPSHOT_THRESHOLD_ENTRIES: '500',
    },
  });
  let ok = false;
  try {
    const board = await openWorkloadBoard(
      cluster.node(await cluster.waitForLeader()).url,
      registersCount,
    );
    const startedMs = Date.now();
    const deadlineMs = startedMs + durationS * 1000;
    console.error(
      `chaos: seed ${seed}, ${durationS}s, ${clients} clients, logs in ${logDirectory}`,
    );
    const urls = cluster.nodes.map((node) => node.url);
    const [record, events] = await Promise.all([
      runWorkload({
        urls,
        session: board.session,
        registerTaskIds: board.registerTaskIds,
        clients,
        deadlineMs,
        random,
      }),
      runNemesis({ cluster, deadlineMs, random, startedMs }),
    ]);
    record.history.unshift(...board.history);
    await healAll(cluster);
    await cluster.waitConverged(0, convergeTimeoutMs);
    const verdict = await judge({ cluster, projectId: rawId(board.session.projectId), record });
    ok = clean(verdict);
    console.log(
      JSON.stringify({
        seed,
        durationS,
        clients,
        faults: events.length,
        operations: record.operations,
        ...verdict,
        ok,
      }),
    );
    if (!ok)
      console.error(
        `chaos: VIOLATION — replay with: npm run chaos -- --duration ${durationS} --seed ${seed}`,
      );
  } finally {
    await cluster.stop({ dropDatabases: ok });
    await mysql.stop();
  }
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
