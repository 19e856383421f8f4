import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startNode } from './node.ts';
import { TlsFileError } from './tls/material.ts';

/**
 * One Raftboard node process. Configuration comes from flags and the environment (see
 * config.ts); SIGTERM/SIGINT hand leadership over (if leading) and exit cleanly; SIGHUP rereads
 * the TLS certificates.
 */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({
    nodeId: config.nodeId,
    quiet: process.env.RAFTBOARD_LOG === 'quiet',
  });
  let node: Awaited<ReturnType<typeof startNode>> | undefined;
  // Also while it waits for its database: nothing to hand over yet, so it just exits.
  watchLauncher(process.env.RAFTBOARD_LAUNCHER_PID, () =>
    node ? shutdown('launcher gone') : process.exit(0),
  );
  try {
    node = await startNode(config, logger);
  } catch (error) {
    if (error instanceof TlsFileError) {
      console.error(`invalid configuration: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // Certificates renewed on disk take effect for new connections without a restart.
  const running = node;
  process.on('SIGHUP', () => running.reloadTls());
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('node.stopping', { signal });
    running
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error('node.stop-failed', { error: String(error) });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** Bound on noticing that the launcher that started this node has died. */
const launcherCheckMs = 1_000;

/**
 * A node started by a launcher (`npm start`, `npm run cluster`, a test) stops once that process
 * is gone, as if it had sent SIGTERM, so a launcher killed without stopping its nodes leaves no
 * orphans behind. Nodes run by systemd have no launcher pid and are unaffected.
 */
function watchLauncher(pid: string | undefined, stop: () => void) {
  if (pid === undefined || !/^\d+$/.test(pid)) return;
  const timer = setInterval(() => {
    try {
      process.kill(Number(pid), 0);
    } catch {
      clearInterval(timer);
      stop();
    }
  }, launcherCheckMs);
  timer.unref();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
