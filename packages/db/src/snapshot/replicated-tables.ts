import { is } from 'drizzle-orm';
import { getTableConfig, MySqlTable } from 'drizzle-orm/mysql-core';
import * as schema from '../schema/index.ts';

/** A table of the state machine, with what it takes to read it in a deterministic order. */
export interface ReplicatedTable {
  name: string;
  /** Column names, in table order. */
  columns: string[];
  /** Primary key columns: rows are read in this order. */
  primaryKey: string[];
}

/** Node-local tables: the log and its metadata are not part of the state machine. */
const localTables = new Set(['raft_log', 'raft_hard_state', 'raft_applied', 'raft_snapshot']);

function describe(table: MySqlTable): ReplicatedTable {
  const config = getTableConfig(table);
  const columns = config.columns.map((column) => column.name);
  const single = config.columns.filter((column) => column.primary).map((column) => column.name);
  const composite = config.primaryKeys[0]?.columns.map((column) => column.name) ?? [];
  const primaryKey = single.length > 0 ? single : composite;
  if (primaryKey.length === 0) throw new Error(`table ${config.name} has no primary key`);
  return { name: config.name, columns, primaryKey };
}

/**
 * Every table whose contents are decided by applied entries (domain tables, events, outbox,
 * processed requests, cluster tables), sorted by name in code-unit order (never by locale, which
 * differs between machines). The applied index travels beside them.
 */
export const replicatedTables: readonly ReplicatedTable[] = Object.values(schema as object)
  .filter((value): value is MySqlTable => is(value, MySqlTable))
  .map(describe)
  .filter((table) => !localTables.has(table.name))
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
