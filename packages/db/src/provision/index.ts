import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { startPrivateServer } from './private-server.ts';
import { canConnect } from './probe.ts';

export {
  findFreePort,
  findMysqlBinaries,
  type PrivateServer,
  startPrivateServer,
} from './private-server.ts';

/** Where a provisioned server came from. */
export type MysqlServerSource = 'DATABASE_URL' | 'local' | 'private';

/** A MySQL server to create databases on. `url` names the server, not a database. */
export interface MysqlServer {
  url: string;
  source: MysqlServerSource;
  /** Stops the server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/** The server every developer machine is expected to have; probed before starting our own. */
export const localServerUrl = 'mysql://root@127.0.0.1:3306';
const localProbeTimeoutMs = 1_000;

export interface ProvisionOptions {
  /** Keep the private server's data across runs (for `npm start`). Default false. */
  persistent?: boolean;
  log?: (line: string) => void;
  /**
   * `auto` (default): DATABASE_URL, else the local server, else a private one.
   * `private`: always start a private server (what the provisioning tests use).
   * Also read from RAFTBOARD_MYSQL.
   */
  mode?: 'auto' | 'private';
}

/** The repository root: the nearest folder above this file with a `turbo.json`. */
export function repositoryRoot(): string {
  let directory = import.meta.dirname;
  while (!existsSync(join(directory, 'turbo.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('cannot find the repository root (turbo.json)');
    directory = parent;
  }
  return directory;
}

/** Removes the database part of a MySQL URL, keeping credentials, host, port and options. */
export function serverUrlOf(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '';
  return parsed.toString().replace(/\/$/, '');
}

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrlOf(serverUrl: string, name: string): string {
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Finds a MySQL server for tests, `npm start` and benchmarks: `DATABASE_URL` when set, else
 * a server answering at 127.0.0.1:3306 as root, else a private server started from this
 * machine's binaries in `<repo>/.data/mysql` and stopped when this process exits.
 */
export async function provisionMysqlServer(options: ProvisionOptions = {}): Promise<MysqlServer> {
  const mode = options.mode ?? (process.env.RAFTBOARD_MYSQL === 'private' ? 'private' : 'auto');
  const configured = process.env.DATABASE_URL;
  if (mode === 'auto' && configured) {
    return { url: serverUrlOf(configured), source: 'DATABASE_URL', stop: async () => {} };
  }
  if (mode === 'auto' && (await canConnect(localServerUrl, localProbeTimeoutMs))) {
    return { url: localServerUrl, source: 'local', stop: async () => {} };
  }
  const server = await startPrivateServer({
    dataRoot: join(repositoryRoot(), '.data', 'mysql'),
    persistent: options.persistent ?? false,
    ...(options.log ? { log: options.log } : {}),
  });
  return { url: server.url, source: 'private', stop: server.stop };
}

const databaseNamePattern = /^[a-z][a-z0-9_]{0,63}$/;

/** A database name no other run will pick: `<prefix>_<random>`. */
export function uniqueDatabaseName(prefix: string): string {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  return name.slice(0, 64);
}

function assertDatabaseName(name: string) {
  if (!databaseNamePattern.test(name)) {
    throw new Error(`invalid database name ${JSON.stringify(name)}: use [a-z][a-z0-9_]{0,63}`);
  }
}

/** Creates database `name` (utf8mb4) if absent and returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  assertDatabaseName(name);
  const connection = await createConnection({ uri: serverUrl });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
  return databaseUrlOf(serverUrl, name);
}

/** Drops database `name` if it exists. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  const connection = await createConnection({ uri: serverUrl });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

/**
 * The bytes database `name` takes on disk as MySQL reports them: the sum of data_length and
 * index_length over its tables (InnoDB's estimates, refreshed with its persistent statistics).
 */
export async function databaseSizeBytes(serverUrl: string, name: string): Promise<number> {
  assertDatabaseName(name);
  const connection = await createConnection({ uri: serverUrl });
  try {
    const [rows] = await connection.query(
      'SELECT COALESCE(SUM(data_length + index_length), 0) AS bytes ' +
        'FROM information_schema.TABLES WHERE table_schema = ?',
      [name],
    );
    return Number((rows as { bytes: number | string }[])[0]?.bytes ?? 0);
  } finally {
    await connection.end();
  }
}
