import type { ConfState } from '@raftboard/raft';
import { bigint, longtext, mysqlTable, tinyint, varchar } from 'drizzle-orm/mysql-core';
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
 * The state machine's position (one row, id 1, seeded at 0): the index and term of the last
 * entry whose effects are in the domain tables, and the membership as of that entry. Only ever moved by a compare-and-set in the
 * same transaction as those effects, so a consistent read of the tables also names the point
 * they are at: that is what a streamed snapshot's metadata comes from.
 */
export const raftApplied = mysqlTable('raft_applied', {
  id: tinyint('id', { unsigned: true }).primaryKey(),
  appliedIndex: bigint('applied_index', { mode: 'number', unsigned: true }).notNull(),
  appliedTerm: bigint('applied_term', { mode: 'number', unsigned: true }).notNull().default(0),
  /** The membership as of the applied index (migration 0004 writes the empty one; never null). */
  confState: jsonColumn<ConfState>('conf_state'),
});

/**
 * The compaction point (one row, id 1): the index, term and membership of the entry just
 * before the first one kept in `raft_log`. Its data is the replicated tables themselves,
 * streamed from one consistent read when a follower needs it (snapshot/snapshot-stream.ts),
 * never stored a second time.
 */
export const raftSnapshot = mysqlTable('raft_snapshot', {
  id: tinyint('id', { unsigned: true }).primaryKey(),
  snapshotIndex: bigint('snapshot_index', { mode: 'number', unsigned: true }).notNull(),
  snapshotTerm: bigint('snapshot_term', { mode: 'number', unsigned: true }).notNull(),
  confState: jsonColumn<ConfState>('conf_state').notNull(),
});
