import { createHash } from 'node:crypto';
import type { Database } from '../client.ts';
import { replicatedTables } from './replicated-tables.ts';
import { readTableRows } from './table-rows.ts';

/**
 * A SHA-256 per replicated table over its rows in primary-key order (plus `raft_applied`),
 * read in one consistent snapshot. Two nodes that applied the same log have equal checksums;
 * unlike CHECKSUM TABLE this does not depend on the server's row format or version.
 */
export async function tableChecksums(db: Database): Promise<Record<string, string>> {
  const connection = await db.$client.getConnection();
  try {
    await connection.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const checksums: Record<string, string> = {};
    const tables = [
      ...replicatedTables,
      {
        name: 'raft_applied',
        columns: ['id', 'applied_index', 'applied_term', 'conf_state'],
        primaryKey: ['id'],
      },
    ];
    for (const table of tables) {
      const hash = createHash('sha256');
      for await (const chunk of readTableRows(connection, table)) {
        for (const row of chunk) hash.update(`${JSON.stringify(row)}\n`);
      }
      checksums[table.name] = hash.digest('hex');
    }
    await connection.query('COMMIT');
    return checksums;
  } finally {
    connection.release();
  }
}
