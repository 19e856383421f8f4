import type { ConfState, SnapshotMetadata } from '@raftboard/raft';
import type { PoolConnection } from 'mysql2/promise';
import type { Database } from '../client.ts';
import { replicatedTables } from './replicated-tables.ts';
import { type CellValue, insertTableRows, readTableRows } from './table-rows.ts';

/** The format tag in a snapshot's first line; install refuses any other. */
export const snapshotFormat = 'raftboard-snapshot/1';

/** The first line of a snapshot's data. */
export interface SnapshotHeader {
  format: typeof snapshotFormat;
  appliedIndex: number;
  tables: { name: string; columns: string[] }[];
}

/** One later line: up to `snapshotChunkRowsMax` rows of one table. */
interface RowsLine {
  table: string;
  rows: CellValue[][];
}

/**
 * Snapshot data is JSON lines: a `SnapshotHeader`, then the rows of every replicated table in
 * primary-key order, tables sorted by name, each line a bounded chunk. Every line ends with
 * '\n', so a snapshot is the concatenation of its chunks and the same state always serialises
 * to the same bytes.
 */
export interface SnapshotChunks {
  appliedIndex: number;
  chunks: string[];
}

async function beginConsistentRead(connection: PoolConnection): Promise<number> {
  await connection.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  const [rows] = await connection.query('SELECT applied_index FROM raft_applied WHERE id = 1');
  const row = (rows as { applied_index: number | string }[])[0];
  if (!row) throw new Error('raft_applied has no row: run the migrations first');
  return Number(row.applied_index);
}

/**
 * Reads the state machine — every replicated table and the applied index — at one instant,
 * in a consistent-snapshot read-only transaction, as bounded chunks of snapshot data.
 * `accept(appliedIndex)` runs first; returning false stops early (an older-than-held index).
 */
export async function readSnapshotChunks(
  db: Database,
  accept: (appliedIndex: number) => boolean = () => true,
): Promise<SnapshotChunks | null> {
  const connection = await db.$client.getConnection();
  try {
    const appliedIndex = await beginConsistentRead(connection);
    if (!accept(appliedIndex)) {
      await connection.query('COMMIT');
      return null;
    }
    const header: SnapshotHeader = {
      format: snapshotFormat,
      appliedIndex,
      tables: replicatedTables.map(({ name, columns }) => ({ name, columns })),
    };
    const chunks = [`${JSON.stringify(header)}\n`];
    for (const table of replicatedTables) {
      for await (const rows of readTableRows(connection, table)) {
        const line: RowsLine = { table: table.name, rows };
        chunks.push(`${JSON.stringify(line)}\n`);
      }
    }
    await connection.query('COMMIT');
    return { appliedIndex, chunks };
  } finally {
    connection.release();
  }
}

/** Parses and checks a snapshot's header line against this schema's replicated tables. */
export function parseSnapshotHeader(firstLine: string): SnapshotHeader {
  const header = JSON.parse(firstLine) as SnapshotHeader;
  if (header.format !== snapshotFormat) {
    throw new Error(`unknown snapshot format ${JSON.stringify(header.format)}`);
  }
  const expected = JSON.stringify(replicatedTables.map(({ name, columns }) => ({ name, columns })));
  if (JSON.stringify(header.tables) !== expected) {
    throw new Error('snapshot tables differ from this schema: migrate both nodes to one version');
  }
  return header;
}

/**
 * Replaces every replicated table with the snapshot's rows and sets the applied index, on
 * `connection` inside the caller's transaction (plain DELETEs, never TRUNCATE, which would
 * commit). Foreign keys are checked off for the load: the rows were consistent when read.
 */
export async function loadSnapshotData(
  connection: PoolConnection,
  metadata: SnapshotMetadata,
  data: string,
): Promise<void> {
  const lines = data.split('\n').filter((line) => line.length > 0);
  const header = parseSnapshotHeader(lines[0] ?? '');
  if (header.appliedIndex !== metadata.index) {
    throw new Error(`snapshot data is at ${header.appliedIndex}, metadata at ${metadata.index}`);
  }
  const columns = new Map(header.tables.map((table) => [table.name, table.columns]));
  await connection.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const table of header.tables) await connection.query(`DELETE FROM \`${table.name}\``);
    for (const text of lines.slice(1)) {
      const line = JSON.parse(text) as RowsLine;
      const tableColumns = columns.get(line.table);
      if (!tableColumns) throw new Error(`snapshot rows for unknown table ${line.table}`);
      await insertTableRows(connection, { name: line.table, columns: tableColumns }, line.rows);
    }
    await connection.query('UPDATE raft_applied SET applied_index = ? WHERE id = 1', [
      metadata.index,
    ]);
  } finally {
    await connection.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}

/** An empty membership, for stores that were never bootstrapped. */
export function emptyConfState(): ConfState {
  return { voters: [], learners: [] };
}
