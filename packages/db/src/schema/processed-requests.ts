import { bigint, index, mysqlTable, primaryKey, tinyint, varchar } from 'drizzle-orm/mysql-core';
import type { CommandOutcome } from '../apply/outcome.ts';
import { instantColumn, jsonColumn } from './columns.ts';

/**
 * Exactly-once: the outcome of every applied request, keyed by (actor, request id). A command
 * whose key is already here is not run again; apply answers with the stored outcome.
 * `madeAt` is the instant the request id carries (a UUIDv7's first 48 bits): apply prunes rows
 * made before `processedRequestsHorizon`, and refuses any request made before it.
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
    madeAt: instantColumn('made_at').notNull(),
  },
  (table) => [
    primaryKey({ name: 'processed_requests_pk', columns: [table.actorId, table.requestId] }),
    index('processed_requests_made_at_idx').on(table.madeAt),
  ],
);

/**
 * One row (id 1, seeded at the epoch): request ids made before `forgottenBefore` may have been
 * pruned from `processed_requests`, so apply refuses them. Only ever moves forward.
 */
export const processedRequestsHorizon = mysqlTable('processed_requests_horizon', {
  id: tinyint('id', { unsigned: true }).primaryKey(),
  forgottenBefore: instantColumn('forgotten_before').notNull(),
});
