/** A line-oriented logger: one JSON object a line, so logs of many nodes can be merged. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Logs to stderr, tagged with the node id. `quiet` keeps only warnings and errors. */
export function createLogger(options: { nodeId: string; quiet?: boolean }): Logger {
  const write = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    const line = { t: new Date().toISOString(), level, node: options.nodeId, event, ...fields };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  return {
    info: (event, fields) => {
      if (!options.quiet) write('info', event, fields);
    },
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}

/**
 * Wraps a logger so that a flood of the same event (garbage frames from a bad peer) logs the
 * first few and then one line per `every` occurrences, with the running count.
 */
export function rateLimited(logger: Logger, options: { first: number; every: number }) {
  const counts = new Map<string, number>();
  return (event: string, fields: Record<string, unknown> = {}) => {
    const count = (counts.get(event) ?? 0) + 1;
    counts.set(event, count);
    if (count <= options.first || count % options.every === 0)
      logger.warn(event, { ...fields, count });
  };
}
