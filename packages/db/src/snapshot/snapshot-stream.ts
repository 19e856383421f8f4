import type { ConfState, SnapshotMetadata } from '@raftboard/raft';
import type { PoolConnection } from 'mysql2/promise';
import { emptyConfState } from '../apply/conf-change.ts';
import type { Database } from '../client.ts';
import { replicatedTables } from './replicated-tables.ts';
import { type CellValue, readTableRows } from './table-rows.ts';

/** The format tag in a snapshot's header; a receiver refuses any other. */
export const snapshotFormat = 'raftboard-snapshot/2';

/**
 * What a snapshot starts with: the point it is at (the applied index, that entry's term and
 * the membership then) and the replicated tables with their columns, in the order their rows
 * follow.
 */
export interface SnapshotHeader {
  format: typeof snapshotFormat;
  metadata: SnapshotMetadata;
  tables: { name: string; columns: string[] }[];
}

/** Up to `snapshotChunkRowsMax` rows of one table, in primary-key order. */
export interface SnapshotRows {
  table: string;
  rows: CellValue[][];
}

/**
 * A snapshot being read from one consistent read of a node's state machine: its header, then
 * its rows in bounded batches, table by table (tables sorted by name, rows by primary key), so
 * the same state always reads as the same sequence. Nothing is held but the batch in hand.
 */
export interface SnapshotReader {
  readonly header: SnapshotHeader;
  /** The row batches; iterate once. */
  batches(): AsyncGenerator<SnapshotRows>;
  /** Ends the read and returns its connection. Call it whether or not the batches were read. */
  close(): Promise<void>;
}

/** This schema's replicated tables as a header lists them. */
function headerTables(): SnapshotHeader['tables'] {
  return replicatedTables.map(({ name, columns }) => ({ name, columns }));
}

async function readAppliedPoint(connection: PoolConnection): Promise<SnapshotMetadata> {
  const [rows] = await connection.query(
    'SELECT applied_index, applied_term, conf_state FROM raft_applied WHERE id = 1',
  );
  type Row = {
    applied_index: number | string;
    applied_term: number | string;
    conf_state: string | null;
  };
  const row = (rows as Row[])[0];
  if (!row) throw new Error('raft_applied has no row: run the migrations first');
  const confState: ConfState =
    row.conf_state === null ? emptyConfState() : JSON.parse(row.conf_state);
  return { index: Number(row.applied_index), term: Number(row.applied_term), confState };
}

/**
 * Opens a consistent-snapshot, read-only transaction on a connection of its own and returns the
 * state machine as of that instant as a `SnapshotReader`. The metadata is the applied point the
 * same read sees, so it always matches the rows. Other connections go on writing meanwhile:
 * taking a snapshot never stalls apply or requests (InnoDB keeps the old row versions).
 */
export async function openSnapshotReader(db: Database): Promise<SnapshotReader> {
  const connection = await db.$client.getConnection();
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    try {
      await connection.query('COMMIT');
    } finally {
      connection.release();
    }
  };
  try {
    await connection.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const metadata = await readAppliedPoint(connection);
    const header: SnapshotHeader = { format: snapshotFormat, metadata, tables: headerTables() };
    async function* batches(): AsyncGenerator<SnapshotRows> {
      for (const table of replicatedTables) {
        for await (const rows of readTableRows(connection, table))
          yield { table: table.name, rows };
      }
    }
    return { header, batches, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/** Checks a received header against this schema's replicated tables; throws what is wrong. */
export function checkSnapshotHeader(header: SnapshotHeader): void {
  if (header.format !== snapshotFormat) {
    throw new Error(`unknown snapshot format ${JSON.stringify(header.format)}`);
  }
  if (JSON.stringify(header.tables) !== JSON.stringify(headerTables())) {
    throw new Error('snapshot tables differ from this schema: migrate both nodes to one version');
  }
}
