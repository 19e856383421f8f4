import { bigint, mysqlTable, tinyint, varchar } from 'drizzle-orm/mysql-core';
import { instantColumn } from './columns.ts';

/** Raft roles a member can hold. */
export const clusterRoles = ['voter', 'learner'] as const;

/**
 * The cluster's members as the applied log describes them: the role comes from applied
 * ConfChange entries, the addresses from `cluster.memberUpdate` commands.
 */
export const clusterMembers = mysqlTable('cluster_members', {
  nodeId: varchar('node_id', { length: 64 }).primaryKey(),
  role: varchar('role', { length: 16, enum: clusterRoles }).notNull(),
  peerUrl: varchar('peer_url', { length: 512 }),
  httpUrl: varchar('http_url', { length: 512 }),
  updatedAt: instantColumn('updated_at'),
});

/**
 * The seed's leader table: one row (id 1), the leader the log last recorded. A new leader
 * proposes `cluster.leaderChanged`; the Raft core's live view may be newer.
 */
export const clusterLeader = mysqlTable('cluster_leader', {
  id: tinyint('id', { unsigned: true }).primaryKey(),
  nodeId: varchar('node_id', { length: 64 }).notNull(),
  term: bigint('term', { mode: 'number', unsigned: true }).notNull(),
  since: instantColumn('since').notNull(),
});
