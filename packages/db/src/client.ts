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
