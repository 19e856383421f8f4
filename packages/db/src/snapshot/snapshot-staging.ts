import type { Snapshot } from '@raftboard/raft';
import type { PoolConnection } from 'mysql2/promise';
import type { Database } from '../client.ts';
import { checkSnapshotHeader, type SnapshotHeader, type SnapshotRows } from './snapshot-stream.ts';
import { asCell, type CellValue, insertTableRows, quoteName } from './table-rows.ts';

/** Staging tables are the replicated tables' names behind this prefix, in the node's database. */
const stagingPrefix = 'raft_staging_';
/**
 * How long a complete staged copy waits for its install before a new stream may replace it: the
 * driver steps the snapshot message and installs it within one loop turn, unless the core
 * declined it (it already had those entries), and then nothing will.
 */
export const stagedHoldMs = 30_000;

/** Expected: a staged snapshot is being installed or waits to be; the sender tries again later. */
export class SnapshotBusyError extends Error {
  override readonly name = 'SnapshotBusyError';
}

type StagingState =
  | { kind: 'idle' }
  | { kind: 'receiving'; streamId: string; header: SnapshotHeader; rows: number }
  | { kind: 'staged'; streamId: string; header: SnapshotHeader; stagedAtMs: number }
  | { kind: 'installing'; header: SnapshotHeader };

function stagingName(table: string): string {
  return `${stagingPrefix}${table}`;
}

/** `rows` as snapshot cells of exactly `width` columns, or null when any row is malformed. */
function checkedRows(rows: unknown, width: number): CellValue[][] | null {
  if (!Array.isArray(rows)) return null;
  const checked: CellValue[][] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== width) return null;
    const cells = row.map(asCell);
    if (cells.some((cell) => cell === undefined)) return null;
    checked.push(cells as CellValue[]);
  }
  return checked;
}

/**
 * Where a snapshot streamed from the leader is loaded, batch by batch, before it replaces this
 * node's state: a copy of each replicated table (`raft_staging_<table>`, made with CREATE TABLE
 * ... LIKE) in the node's own database. The live tables are untouched until `install`, which
 * swaps the staged rows in inside the log store's install transaction, so a stream cut off
 * half-way, a crash, or a snapshot the core declines leaves the node as it was.
 *
 * One stream at a time: a new stream replaces one still arriving (a new leader, or the same
 * leader starting over), but not a complete copy waiting for its install (`SnapshotBusyError`).
 * Every operation runs in call order.
 */
export class SnapshotStaging {
  private state: StagingState = { kind: 'idle' };
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Drops staging tables a previous run left behind (a crash mid-stream). */
  clearLeftovers(): Promise<void> {
    return this.serialise(async () => {
      const [rows] = await this.db.$client.query(
        'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE ?',
        [`${stagingPrefix.replace(/_/g, '\\_')}%`],
      );
      for (const { name } of rows as { name: string }[]) {
        await this.db.$client.query(`DROP TABLE IF EXISTS ${quoteName(name)}`);
      }
      this.state = { kind: 'idle' };
    });
  }

  /**
   * Starts receiving stream `streamId` with `header`: checks the header against this schema,
   * then replaces any earlier staging tables with empty ones. Throws `SnapshotBusyError` while
   * a complete copy waits for its install, and what is wrong with a header that does not fit.
   */
  begin(streamId: string, header: SnapshotHeader): Promise<void> {
    return this.serialise(async () => {
      checkSnapshotHeader(header);
      const { state } = this;
      const waiting = state.kind === 'staged' && this.nowMs() - state.stagedAtMs < stagedHoldMs;
      if (state.kind === 'installing' || waiting) {
        throw new SnapshotBusyError('a received snapshot is being installed');
      }
      this.state = { kind: 'idle' };
      for (const table of header.tables) {
        const staging = quoteName(stagingName(table.name));
        await this.db.$client.query(`DROP TABLE IF EXISTS ${staging}`);
        await this.db.$client.query(`CREATE TABLE ${staging} LIKE ${quoteName(table.name)}`);
      }
      this.state = { kind: 'receiving', streamId, header, rows: 0 };
    });
  }

  /** Loads one batch of stream `streamId` into its staging table. */
  write(streamId: string, batch: SnapshotRows): Promise<void> {
    return this.serialise(async () => {
      const state = this.receiving(streamId);
      const table = state.header.tables.find((candidate) => candidate.name === batch.table);
      if (!table) throw new Error(`snapshot rows for unknown table ${String(batch.table)}`);
      const rows = checkedRows(batch.rows, table.columns.length);
      if (rows === null) throw new Error(`malformed snapshot rows for ${table.name}`);
      await insertTableRows(this.db.$client, stagingName(table.name), table.columns, rows);
      state.rows += rows.length;
    });
  }

  /**
   * Stream `streamId` ended with `rows` rows sent: the staged copy is complete. Returns the
   * handle the follower's core carries as the snapshot's data, which `install` checks.
   */
  finish(streamId: string, rows: number): Promise<string> {
    return this.serialise(async () => {
      const { header, rows: received } = this.receiving(streamId);
      if (received !== rows)
        throw new Error(`snapshot stream sent ${rows} rows, ${received} arrived`);
      this.state = { kind: 'staged', streamId, header, stagedAtMs: this.nowMs() };
      return `staged:${streamId}`;
    });
  }

  /**
   * Replaces every replicated table with the staged copy and moves the applied point to the
   * snapshot's, on `connection` inside the caller's transaction (DELETE and INSERT ... SELECT,
   * never DDL, which would commit). Foreign keys are checked off for the copy: the rows were
   * consistent when read. Throws unless `snapshot` is the staged one.
   */
  install(connection: PoolConnection, snapshot: Snapshot): Promise<void> {
    return this.serialise(async () => {
      const { state } = this;
      const staged = state.kind === 'staged' && snapshot.data === `staged:${state.streamId}`;
      if (!staged || state.header.metadata.index !== snapshot.metadata.index) {
        throw new Error(`snapshot ${snapshot.metadata.index} is not the one staged here`);
      }
      this.state = { kind: 'installing', header: state.header };
      await connection.query('SET FOREIGN_KEY_CHECKS = 0');
      try {
        for (const table of state.header.tables) {
          const live = quoteName(table.name);
          const columns = table.columns.map(quoteName).join(', ');
          await connection.query(`DELETE FROM ${live}`);
          await connection.query(
            `INSERT INTO ${live} (${columns}) SELECT ${columns} FROM ${quoteName(stagingName(table.name))}`,
          );
        }
        const { index, term, confState } = snapshot.metadata;
        await connection.query(
          'UPDATE raft_applied SET applied_index = ?, applied_term = ?, conf_state = ? WHERE id = 1',
          [index, term, JSON.stringify(confState)],
        );
      } finally {
        await connection.query('SET FOREIGN_KEY_CHECKS = 1');
      }
    });
  }

  /** After an install committed or failed: drops the staging tables. */
  release(): Promise<void> {
    return this.serialise(async () => {
      const { state } = this;
      if (state.kind === 'idle') return;
      this.state = { kind: 'idle' };
      for (const table of state.header.tables) {
        await this.db.$client.query(`DROP TABLE IF EXISTS ${quoteName(stagingName(table.name))}`);
      }
    });
  }

  private receiving(streamId: string) {
    const { state } = this;
    if (state.kind !== 'receiving' || state.streamId !== streamId) {
      throw new Error(`snapshot stream ${streamId} is not the one being received`);
    }
    return state;
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => {});
    return next;
  }
}
