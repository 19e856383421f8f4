import {
  bigint,
  index,
  mysqlTable,
  primaryKey,
  smallint,
  unique,
  varchar,
} from 'drizzle-orm/mysql-core';
import { instantColumn, jsonColumn } from './columns.ts';

/**
 * One row per committed change: the change feed, the activity history and the source for
 * reports. Keyed by (log index, ordinal within the entry), so every node writes the same rows.
 * Project events carry the project's next `projectSeq` (1, 2, 3... without gaps); events
 * outside any project (a user signing up) have neither.
 */
export const events = mysqlTable(
  'events',
  {
    logIndex: bigint('log_index', { mode: 'number', unsigned: true }).notNull(),
    ordinal: smallint('ordinal', { unsigned: true }).notNull(),
    projectId: varchar('project_id', { length: 36 }),
    projectSeq: bigint('project_seq', { mode: 'number', unsigned: true }),
    kind: varchar('kind', { length: 64 }).notNull(),
    entityType: varchar('entity_type', { length: 32 }).notNull(),
    entityId: varchar('entity_id', { length: 64 }).notNull(),
    actorId: varchar('actor_id', { length: 36 }).notNull(),
    at: instantColumn('at').notNull(),
    payload: jsonColumn<Record<string, unknown>>('payload').notNull(),
  },
  (table) => [
    primaryKey({ name: 'events_pk', columns: [table.logIndex, table.ordinal] }),
    index('events_project_index_idx').on(table.projectId, table.logIndex),
    // Retention deletes events oldest first (apply/retention.ts).
    index('events_at_idx').on(table.at),
    unique('events_project_seq_unique').on(table.projectId, table.projectSeq),
    index('events_entity_idx').on(table.entityType, table.entityId, table.logIndex),
  ],
);
/** An `events` row: what apply writes, subscribers receive and every history read returns. */
export type EventRow = typeof events.$inferSelect;
