import { parseArgs } from 'node:util';
import { buildBoard, startWebServer, stopWebServer } from './web-server.ts';

/**
 * `npm run serve -w @raftboard/web -- --port 3000 --nodes http://127.0.0.1:7001,...`: builds the
 * board if its sources changed since the last build, then serves it with `next start`.
 * `--nodes` defaults to RAFTBOARD_NODES.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3000' },
      hostname: { type: 'string', default: '127.0.0.1' },
      nodes: { type: 'string', default: process.env.RAFTBOARD_NODES ?? '' },
    },
  });
  const nodes = (values.nodes ?? '').split(',').filter(Boolean);
  if (nodes.length === 0) throw new Error('give the cluster node URLs: --nodes or RAFTBOARD_NODES');
  buildBoard();
  const server = startWebServer({ port: Number(values.port), hostname: values.hostname, nodes });
  const stop = () => void stopWebServer(server).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 1));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
