import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startNode } from './node.ts';

/**
 * One Raftboard node process. Configuration comes from flags and the environment (see
 * config.ts); SIGTERM/SIGINT hand leadership over (if leading) and exit cleanly.
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
  const node = await startNode(config, logger);
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
