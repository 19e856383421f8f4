import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { provisionMysqlServer, repositoryRoot } from '@raftboard/db/provision';
import { ensureDevCertificates } from '../tls/dev-ca.ts';
import { LocalCluster } from './cluster.ts';
import { waitForHttp } from './http-client.ts';

/** Ports of the local system: node i serves HTTP on basePort+i, peers on basePort+100+i. */
const basePort = Number(process.env.RAFTBOARD_BASE_PORT ?? 7000);
const webPort = Number(process.env.RAFTBOARD_WEB_PORT ?? 3000);
/** Bound on waiting for the web board to answer its first request. */
const webStartTimeoutMs = 600_000;

/** `npm run dev` passes `--dev`: the board runs under `next dev`, with hot reload. */
const development = process.argv.includes('--dev');

/**
 * The board, forwarding the browser's GraphQL to these nodes. By default a production build
 * (turbo builds it once per change of its sources and caches it; the first run takes a minute
 * or two) served by `next start`; with `--dev`, `next dev`.
 */
function startWeb(nodeUrls: string[], ca?: string): ChildProcess {
  const web = ['--port', String(webPort), '--hostname', '127.0.0.1'];
  const args = ['run', development ? 'dev' : 'serve', '-w', '@raftboard/web', '--', ...web];
  return spawn('npm', args, {
    cwd: repositoryRoot(),
    stdio: 'inherit',
    // Its own process group, so Ctrl-C can stop next and everything it spawned.
    detached: true,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      RAFTBOARD_NODES: nodeUrls.join(','),
      // The board's server trusts the development CA the nodes' certificates come from.
      ...(ca ? { NODE_EXTRA_CA_CERTS: ca } : {}),
    },
  });
}

/**
 * `npm start`: the whole system on this machine. Finds or starts MySQL (a private server keeps
 * its data in .data/mysql/server across runs), starts a 3-node cluster (databases
 * raftboard_n1..n3, kept across runs unless `-- --fresh`) and the web board, prints the URLs,
 * restarts a node that dies, and stops everything it started on Ctrl-C.
 */
async function main() {
  // `-- --tls`: HTTPS and mutual TLS between peers, with a development CA under .data/tls.
  const tls = process.argv.includes('--tls')
    ? await ensureDevCertificates(join(repositoryRoot(), '.data', 'tls'), ['n1', 'n2', 'n3'])
    : undefined;
  const mysql = await provisionMysqlServer({ persistent: true, log: (line) => console.log(line) });
  console.log(`mysql (${mysql.source}): ${mysql.url}`);
  const cluster = await LocalCluster.start({
    serverUrl: mysql.url,
    nodes: 3,
    basePort,
    databasePrefix: 'raftboard',
    logDirectory: join(repositoryRoot(), '.data', 'logs'),
    // The board's web server forwards every browser; nodes believe its X-Forwarded-For.
    env: { RAFTBOARD_LOG: 'quiet', RAFTBOARD_TRUSTED_PROXIES: '127.0.0.1' },
    fresh: process.argv.includes('--fresh'),
    ...(tls ? { tls } : {}),
    supervise: (line) => console.log(`cluster: ${line}`),
  });
  let web: ChildProcess | null = null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (web?.pid !== undefined) process.kill(-web.pid, 'SIGTERM');
    await cluster.stop();
    await mysql.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const leader = await cluster.waitForLeader();
  const urls = cluster.nodes.map((node) => node.url);
  web = startWeb(urls, tls?.ca);
  console.log(`cluster ready (leader ${leader}); node logs in .data/logs/`);
  for (const node of cluster.nodes)
    console.log(`  ${node.spec.id}: ${node.url}/graphql (playground)`);
  await waitForHttp(`http://127.0.0.1:${webPort}/`, webStartTimeoutMs);
  console.log(`web board: http://127.0.0.1:${webPort}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
