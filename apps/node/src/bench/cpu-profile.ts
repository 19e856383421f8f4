import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { provisionMysqlServer, repositoryRoot, uniqueDatabaseName } from '@raftboard/db/provision';
import { createTask, openBoard } from '../client/board.ts';
import { LocalCluster } from '../launch/cluster.ts';
import { measure } from './measure.ts';
import { summarizeProfile } from './profile-summary.ts';
import { numericSettings } from './settings.ts';

const usage = 'usage: npm run bench:profile [-- --seconds 10 --clients 64 --base-port 7950]';

function settings() {
  const values = numericSettings(
    {
      seconds: { default: 10, min: 1, max: 600, integer: false },
      clients: { default: 64, min: 1, max: 1_024, integer: true },
      'base-port': { default: 7_950, min: 1_025, max: 65_000, integer: true },
    },
    usage,
  );
  return { seconds: values.seconds, clients: values.clients, basePort: values['base-port'] };
}

/** Microseconds on the monotonic clock V8's profiles are stamped with. */
function nowUs(): number {
  return Number(process.hrtime.bigint() / 1_000n);
}

/**
 * `npm run bench:profile`: a 3-node cluster whose nodes run under `node --cpu-prof`, createTask
 * from `--clients` loops through the leader for `--seconds`, then, per node, where its wall time
 * went during exactly that window: idle, garbage collection, and each part of the stack (the
 * first frame from the leaf up that belongs to a known package). The raw profiles stay under
 * .data/bench/profiles for Chrome DevTools or speedscope.
 */
async function main() {
  const { seconds, clients, basePort } = settings();
  const directory = join(repositoryRoot(), '.data', 'bench', 'profiles');
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const mysql = await provisionMysqlServer();
  try {
    const cluster = await LocalCluster.start({
      serverUrl: mysql.url,
      nodes: 3,
      basePort,
      databasePrefix: uniqueDatabaseName('profile'),
      fresh: true,
      logDirectory: join(directory, 'logs'),
      env: { RAFTBOARD_LOG: 'quiet', NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${directory}` },
    });
    let window = { fromUs: 0, toUs: 0 };
    const pids = new Map<number, string>();
    try {
      const leader = await cluster.waitForLeader();
      const leaderUrl = cluster.node(leader).url;
      const session = await openBoard(leaderUrl);
      const write = () => createTask(leaderUrl, session, `profile ${randomUUID()}`);
      await measure(clients, 2, write);
      const fromUs = nowUs();
      const result = await measure(clients, seconds, write);
      window = { fromUs, toUs: nowUs() };
      console.log(
        `createTask through the leader (${leader}), ${clients} clients, ${seconds} s: ` +
          `${result.perSecond.toFixed(0)}/s, p50 ${result.p50Ms.toFixed(1)} ms, ` +
          `p99 ${result.p99Ms.toFixed(1)} ms`,
      );
      for (const node of cluster.nodes) {
        const { id } = node.spec;
        if (node.pid !== null) pids.set(node.pid, id === leader ? `${id} (leader)` : id);
      }
    } finally {
      // SIGTERM: each node writes its profile as it exits.
      await cluster.stop({ dropDatabases: true });
    }
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the node's main thread;
    // the others (the module loader's hooks thread) do no request work.
    const mainThreads = readdirSync(directory).filter((name) =>
      /^CPU\.\d+\.\d+\.\d+\.0\./.test(name),
    );
    for (const file of mainThreads) {
      const pid = Number(file.split('.')[3]);
      const summary = summarizeProfile(join(directory, file), window.fromUs, window.toUs);
      console.log(`\n${pids.get(pid) ?? `pid ${pid}`}: ${summary.windowMs.toFixed(0)} ms sampled`);
      for (const { category, percent } of summary.shares.filter((share) => share.percent >= 0.5)) {
        console.log(`  ${percent.toFixed(1).padStart(5)}%  ${category}`);
      }
    }
    console.log(`\nprofiles: ${directory}`);
  } finally {
    await mysql.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
