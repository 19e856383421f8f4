import type { Connection, PoolConnection } from 'mysql2/promise';
import type { ReplicatedTable } from './replicated-tables.ts';

/** A column value as snapshots carry it: text, number, null, or bytes in base64. */
export type CellValue = string | number | null | { $b64: string };

/** Bound on the rows a snapshot chunk (and an install insert) holds. */
export const snapshotChunkRowsMax = 500;
/** A chunk closes once its cells pass this many characters (a single row may exceed it). */
export const snapshotChunkCharsMax = 1024 * 1024;

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

function encodeCell(value: unknown): CellValue {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) return { $b64: value.toString('base64') };
  throw new Error(`cannot serialise a column value of type ${typeof value}`);
}

function cellChars(cell: CellValue): number {
  if (cell === null || typeof cell === 'number') return 8;
  return typeof cell === 'string' ? cell.length : cell.$b64.length;
}

/** Turns a serialised cell back into what mysql2 inserts. */
export function decodeCell(value: CellValue): string | number | null | Buffer {
  if (value !== null && typeof value === 'object') return Buffer.from(value.$b64, 'base64');
  return value;
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * Streams every row of `table` in primary-key order as arrays of `CellValue`, in chunks of at
 * most `snapshotChunkRowsMax`, reading through `connection` (so inside its transaction).
 */
export async function* readTableRows(
  connection: PoolConnection,
  table: ReplicatedTable,
): AsyncGenerator<CellValue[][]> {
  const columns = table.columns.map(quote).join(', ');
  const order = table.primaryKey.map(quote).join(', ');
  const sql = `SELECT ${columns} FROM ${quote(table.name)} ORDER BY ${order}`;
  const core = (connection as unknown as { connection: { query: Connection['query'] } }).connection;
  const stream = (
    core.query as unknown as (options: object) => { stream(): AsyncIterable<unknown[]> }
  )({ sql, rowsAsArray: true, typeCast }).stream();
  let chunk: CellValue[][] = [];
  let chars = 0;
  for await (const row of stream) {
    const cells = row.map(encodeCell);
    chunk.push(cells);
    for (const cell of cells) chars += cellChars(cell);
    if (chunk.length >= snapshotChunkRowsMax || chars >= snapshotChunkCharsMax) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Inserts serialised rows into `table` in one statement. */
export async function insertTableRows(
  connection: PoolConnection,
  table: { name: string; columns: string[] },
  rows: CellValue[][],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = table.columns.map(quote).join(', ');
  const values = rows.map((row) => row.map(decodeCell));
  await connection.query(`INSERT INTO ${quote(table.name)} (${columns}) VALUES ?`, [values]);
}
