import type { ConfState } from '@raftboard/raft';
import {
  bigint,
  int,
  longtext,
  mediumtext,
  mysqlTable,
  tinyint,
  varchar,
} from 'drizzle-orm/mysql-core';
import { jsonColumn } from './columns.ts';

/**
 * The durable Raft log. Invariant: the row with the smallest index is a marker for the
 * compaction point (its data is empty and only its index and term matter), so the log always
 * knows the term of the entry just before its first real entry. A new database holds the
 * marker (0, 0).
 */
export const raftLog = mysqlTable('raft_log', {
  index: bigint('idx', { mode: 'number', unsigned: true }).primaryKey(),
  term: bigint('term', { mode: 'number', unsigned: true }).notNull(),
  type: varchar('type', { length: 16, enum: ['normal', 'confChange'] }).notNull(),
  data: longtext('data').notNull(),
});

/** Term, vote and commit index (one row, id 1), plus the membership at the last restart. */
export const raftHardState = mysqlTable('raft_hard_state', {
  id: tinyint('id', { unsigned: true }).primaryKey(),
  term: bigint('term', { mode: 'number', unsigned: true }).notNull(),
  vote: varchar('vote', { length: 64 }),
  commit: bigint('commit_index', { mode: 'number', unsigned: true }).notNull(),
  confState: jsonColumn<ConfState>('conf_state').notNull(),
});

/**
 * The state machine's position (one row, id 1, seeded at 0): the index of the last entry whose
 * effects are in the domain tables. Only ever moved by a compare-and-set in the same
 * transaction as those effects.
 */
export const raftApplied = mysqlTable('raft_applied', {
  id: tinyint('id', { unsigned: true }).primaryKey(),
  appliedIndex: bigint('applied_index', { mode: 'number', unsigned: true }).notNull(),
});

/** The newest snapshot's metadata (one row, id 1); its data lives in `raft_snapshot_chunks`. */
export const raftSnapshot = mysqlTable('raft_snapshot', {
  id: tinyint('id', { unsigned: true }).primaryKey(),
  snapshotIndex: bigint('snapshot_index', { mode: 'number', unsigned: true }).notNull(),
  snapshotTerm: bigint('snapshot_term', { mode: 'number', unsigned: true }).notNull(),
  confState: jsonColumn<ConfState>('conf_state').notNull(),
  chunkCount: int('chunk_count', { unsigned: true }).notNull(),
});

/** The newest snapshot's serialised data, in order, one bounded chunk per row. */
export const raftSnapshotChunks = mysqlTable('raft_snapshot_chunks', {
  seq: int('seq', { unsigned: true }).primaryKey(),
  data: mediumtext('data').notNull(),
});
