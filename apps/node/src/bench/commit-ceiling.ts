import { closeDatabase, openDatabase } from '@raftboard/db/client';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '@raftboard/db/provision';
import { measure, type Throughput } from './measure.ts';

/** About the size of a createTask's row: what one ceiling commit writes. */
const rowPayload = 'x'.repeat(200);

/** The most connections the ceiling uses: the bench's highest write concurrency. */
const connectionsMax = 64;

/** Commits per second the server reached from 1 and from `connectionsMax` connections. */
export interface CommitCeiling {
  connections1: Throughput;
  connections64: Throughput;
}

/**
 * The most any replicated write can reach on this box: autocommit single-row INSERTs of about
 * 200 bytes, straight through mysql2 (no Drizzle, no GraphQL, no Raft), into a scratch table in
 * a scratch database on the server at `serverUrl`, for `seconds` at each connection count.
 * Every INSERT is its own transaction, so this is the disk's commit (flush) rate as the server
 * is configured. The scratch database is dropped afterwards.
 */
export async function measureCommitCeiling(options: {
  serverUrl: string;
  seconds: number;
}): Promise<CommitCeiling> {
  const name = uniqueDatabaseName('bench_ceiling');
  const db = openDatabase(await createDatabase(options.serverUrl, name), {
    connectionLimit: connectionsMax,
  });
  // The node's own pool settings (utf8mb4, UTC), but queries go to mysql2 itself, not Drizzle.
  const pool = db.$client;
  try {
    await pool.query(`CREATE TABLE ceiling (
      id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(255) NOT NULL
    ) ENGINE=InnoDB`);
    // Open every connection before the clock starts, so the figure is commits, not handshakes.
    await Promise.all(Array.from({ length: connectionsMax }, () => pool.query('SELECT 1')));
    const insert = () => pool.execute('INSERT INTO ceiling (payload) VALUES (?)', [rowPayload]);
    return {
      connections1: await measure(1, options.seconds, insert),
      connections64: await measure(connectionsMax, options.seconds, insert),
    };
  } finally {
    await closeDatabase(db);
    await dropDatabase(options.serverUrl, name);
  }
}
