import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
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
  let node: Awaited<ReturnType<typeof startNode>>;
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
  process.on('SIGHUP', () => node.reloadTls());
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('node.stopping', { signal });
    node
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
