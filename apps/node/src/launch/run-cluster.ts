import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { provisionMysqlServer, repositoryRoot } from '@raftboard/db/provision';
import { ensureDevCertificates } from '../tls/dev-ca.ts';
import { LocalCluster } from './cluster.ts';

/**
 * `npm run cluster -- --nodes N --base-port P [--fresh] [--tls] [--log-dir DIR]`: N node
 * processes on this machine (node i: HTTP P+i, peers P+100+i), one database each on the
 * provisioned MySQL; with --tls, HTTPS and mutual TLS between peers, from a development CA.
 * Prints one JSON line `{"ready":true,"nodes":[...]}` once a leader is elected; restarts a node
 * that dies (with backoff, one line on stderr each time); SIGINT/SIGTERM stops everything it
 * started. Refuses at once when the kept databases hold a cluster at other ports or of another
 * size (see LocalCluster.start).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '3' },
      'base-port': { type: 'string', default: '7000' },
      fresh: { type: 'boolean', default: false },
      tls: { type: 'boolean', default: false },
      'log-dir': { type: 'string' },
    },
  });
  const nodes = Number(values.nodes);
  const basePort = Number(values['base-port']);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) throw new Error('--nodes must be 1 to 9');
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort + 200 > 65_535) {
    throw new Error('--base-port must be from 1024 to 65335');
  }
  const ids = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  // --tls: a throw-away CA and a certificate per node under .data/tls (kept across runs).
  const tls = values.tls
    ? await ensureDevCertificates(join(repositoryRoot(), '.data', 'tls'), ids)
    : undefined;
  const mysql = await provisionMysqlServer({ persistent: true });
  const cluster = await LocalCluster.start({
    serverUrl: mysql.url,
    nodes,
    basePort,
    databasePrefix: 'raftboard_cluster',
    fresh: values.fresh,
    ...(tls ? { tls } : {}),
    logDirectory: values['log-dir'] ?? join(repositoryRoot(), '.data', 'logs'),
    // stdout carries the one JSON "ready" line; restarts are reported on stderr.
    supervise: (line) => console.error(`cluster: ${line}`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    await mysql.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await cluster.waitForLeader();
  } catch (error) {
    // Never leave node processes behind: stop what was started, then report.
    await cluster.stop();
    await mysql.stop();
    throw error;
  }
  const described = cluster.nodes.map((node) => ({
    id: node.spec.id,
    url: node.url,
    pid: node.pid,
  }));
  console.log(JSON.stringify({ ready: true, nodes: described, ...(tls ? { ca: tls.ca } : {}) }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
