import { bigint, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import type { CommandOutcome } from '../apply/outcome.ts';
import { instantColumn, jsonColumn } from './columns.ts';

/**
 * Exactly-once: the outcome of every applied request, keyed by (actor, request id). A command
 * whose key is already here is not run again; apply answers with the stored outcome.
 * Rows older than `processedRequestsRetainedEntries` log entries are pruned by apply.
 */
export const processedRequests = mysqlTable(
  'processed_requests',
  {
    actorId: varchar('actor_id', { length: 36 }).notNull(),
    requestId: varchar('request_id', { length: 64 }).notNull(),
    logIndex: bigint('log_index', { mode: 'number', unsigned: true })
      .notNull()
      .unique('processed_requests_index_unique'),
    outcome: jsonColumn<CommandOutcome>('outcome').notNull(),
    at: instantColumn('at').notNull(),
  },
  (table) => [
    primaryKey({ name: 'processed_requests_pk', columns: [table.actorId, table.requestId] }),
  ],
);
