import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import { createPool, type Pool } from 'mysql2/promise';
import * as schema from './schema/index.ts';

/** Every table, as Drizzle sees them. */
export type Schema = typeof schema;

/**
 * A node's database handle: Drizzle over a mysql2 pool (`$client`). Repository functions take
 * it (or a transaction, see `Executor`) as their first argument.
 */
export type Database = MySql2Database<Schema> & { $client: Pool };

/** Anything queries can run on: the database handle or a transaction opened from it. */
export type Executor = MySql2Database<Schema>;

/** A transaction handle, as `db.transaction(fn)` passes it to `fn`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Default bound on a node's open connections. */
export const connectionsMax = 10;

/** Options for `openDatabase`. */
export interface OpenDatabaseOptions {
  /** Bound on open connections. Default `connectionsMax`. */
  connectionLimit?: number;
}

/**
 * Opens a pooled handle on the database at `url` (mysql://user:pass@host:port/database).
 * utf8mb4 throughout; instants are UTC whatever the server's or the process's time zone.
 * Close it with `closeDatabase`.
 */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Database {
  const pool = createPool({
    uri: url,
    connectionLimit: options.connectionLimit ?? connectionsMax,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
  });
  return drizzle({ client: pool, schema, mode: 'default' });
}

/** Closes the handle's pool; in-flight queries finish first. */
export async function closeDatabase(db: Database): Promise<void> {
  await db.$client.end();
}

/** mysql2's codes for "the server cannot be reached or went away", as opposed to a bad query. */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
]);

interface DriverError {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/**
 * The error and what it wraps, outermost first: Drizzle keeps mysql2's error in `cause`, and
 * GraphQL keeps a resolver's error in `originalError`.
 */
function causes(error: unknown): DriverError[] {
  const chain: DriverError[] = [];
  for (let e = error; typeof e === 'object' && e !== null && chain.length < 8; ) {
    const wrapper = e as DriverError;
    chain.push(wrapper);
    e = wrapper.cause ?? wrapper.originalError;
  }
  return chain;
}

/**
 * True when `error` says the database server is down or unreachable (refused, reset, lost,
 * shutting down, out of connections, or any error mysql2 marks fatal to its connection): the
 * request may succeed once the server is back, unlike a failed query.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some(
    (e) => e.fatal === true || (typeof e.code === 'string' && unreachableCodes.has(e.code)),
  );
}

/** True when `error` is MySQL's "table doesn't exist" (a database that was never migrated). */
export function isMissingTable(error: unknown): boolean {
  return causes(error).some((e) => e.code === 'ER_NO_SUCH_TABLE' || e.errno === 1146);
}

/** One round trip to the server; throws while it is unreachable. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.$client.query('SELECT 1');
}

/**
 * Resolves once the server answers, retrying every `retryMs`. While it does not, calls
 * `onWaiting` with the last error at most every `reportEveryMs` (the first time at once), so a
 * node started during a database outage says why it is not up yet instead of exiting. Errors
 * other than unavailability (bad credentials, unknown database) are thrown at once.
 */
export async function waitForDatabase(
  db: Database,
  options: {
    onWaiting: (error: unknown, waitedMs: number) => void;
    retryMs?: number;
    reportEveryMs?: number;
  },
): Promise<void> {
  const retryMs = options.retryMs ?? 500;
  const reportEveryMs = options.reportEveryMs ?? 5_000;
  const startedAtMs = Date.now();
  let reportedAtMs = Number.NEGATIVE_INFINITY;
  for (;;) {
    try {
      await pingDatabase(db);
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (Date.now() - reportedAtMs >= reportEveryMs) {
        reportedAtMs = Date.now();
        options.onWaiting(error, reportedAtMs - startedAtMs);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
