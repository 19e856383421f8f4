import { pino } from 'pino';

/** A line-oriented logger: one JSON object a line, so logs of many nodes can be merged. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/**
 * Logs to stderr through pino, one line per call:
 * `{"level":"info","t":"<ISO time>","node":"<id>","event":"<event>",...fields}`. Tests and
 * operators match `"event":"x","field":...`, so the fields follow the event in the order given.
 * Writes are synchronous: a line logged just before `process.exit` or a kill is not lost, and
 * lines keep their order. `quiet` keeps only warnings and errors.
 */
export function createLogger(options: { nodeId: string; quiet?: boolean }): Logger {
  const logger = pino(
    {
      level: options.quiet ? 'warn' : 'info',
      base: { node: options.nodeId },
      timestamp: () => `,"t":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: 2, sync: true }),
  );
  return {
    info: (event, fields) => logger.info({ event, ...fields }),
    warn: (event, fields) => logger.warn({ event, ...fields }),
    error: (event, fields) => logger.error({ event, ...fields }),
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
