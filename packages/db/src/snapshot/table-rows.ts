import type { Connection, PoolConnection } from 'mysql2/promise';
import type { ReplicatedTable } from './replicated-tables.ts';

/**
 * A column value as snapshots carry it: text (instants, days and 64-bit integers too), a number,
 * null, or bytes. Bytes stay binary all the way: Socket.IO sends Buffers as binary frames.
 */
export type CellValue = string | number | null | Buffer;

/** Bound on the rows a snapshot chunk (and an install insert) holds. */
export const snapshotChunkRowsMax = 500;
/** A chunk closes once its cells pass this many bytes (a single row may exceed it). */
export const snapshotChunkBytesMax = 1024 * 1024;

interface CastField {
  type: string;
  string(): string | null;
}

// Instants, days and 64-bit integers as text: exact, and identical on every server and node.
function typeCast(field: CastField, next: () => unknown): unknown {
  switch (field.type) {
    case 'DATETIME':
    case 'TIMESTAMP':
    case 'DATE':
    case 'LONGLONG':
    case 'NEWDECIMAL':
      return field.string();
    default:
      return next();
  }
}

/** The cell `value` is, or null when it is not one (a malformed row from a peer). */
export function asCell(value: unknown): CellValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
  return undefined;
}

function encodeCell(value: unknown): CellValue {
  const cell = asCell(value);
  if (cell === undefined) throw new Error(`cannot snapshot a column value of type ${typeof value}`);
  return cell;
}

/** About how many bytes a cell takes in a chunk. */
function cellBytes(cell: CellValue): number {
  if (cell === null || typeof cell === 'number') return 8;
  return cell.length;
}

/** `name` as a MySQL identifier. */
export function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * Streams every row of `table` in primary-key order as arrays of `CellValue`, in chunks of at
 * most `snapshotChunkRowsMax` rows or about `snapshotChunkBytesMax` bytes, reading through
 * `connection` (so inside its transaction). mysql2 pauses the socket while a chunk waits to be
 * consumed, so a slow consumer holds back the server, not this process's memory.
 */
export async function* readTableRows(
  connection: PoolConnection,
  table: ReplicatedTable,
): AsyncGenerator<CellValue[][]> {
  const columns = table.columns.map(quoteName).join(', ');
  const order = table.primaryKey.map(quoteName).join(', ');
  const sql = `SELECT ${columns} FROM ${quoteName(table.name)} ORDER BY ${order}`;
  const core = (connection as unknown as { connection: { query: Connection['query'] } }).connection;
  const stream = (
    core.query as unknown as (options: object) => { stream(): AsyncIterable<unknown[]> }
  )({ sql, rowsAsArray: true, typeCast }).stream();
  let chunk: CellValue[][] = [];
  let bytes = 0;
  for await (const row of stream) {
    const cells = row.map(encodeCell);
    chunk.push(cells);
    for (const cell of cells) bytes += cellBytes(cell);
    if (chunk.length >= snapshotChunkRowsMax || bytes >= snapshotChunkBytesMax) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Inserts snapshot rows into the table named `into`, in `columns` order, in one statement. */
export async function insertTableRows(
  connection: Pick<PoolConnection, 'query'>,
  into: string,
  columns: readonly string[],
  rows: CellValue[][],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(quoteName).join(', ');
  await connection.query(`INSERT INTO ${quoteName(into)} (${names}) VALUES ?`, [rows]);
}
