import {
  boolean,
  index,
  int,
  mysqlTable,
  primaryKey,
  smallint,
  varchar,
} from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn, jsonColumn } from './columns.ts';
import { projects } from './projects.ts';

/**
 * A project's webhook: events whose kind is in `eventTypes` (or every event with '*') are
 * delivered to `url`, signed with `secret` (kept in clear because signing needs it; no query
 * reads it back). `failureStreak` counts failed attempts since the last success; past
 * `webhookFailureStreakMax` apply disables the hook and tells the project's admins.
 */
export const webhooks = mysqlTable(
  'webhooks',
  {
    id: idColumn('id').primaryKey(),
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    url: varchar('url', { length: 2048 }).notNull(),
    secret: varchar('secret', { length: 255 }).notNull(),
    eventTypes: jsonColumn<string[]>('event_types').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    failureStreak: int('failure_streak', { unsigned: true }).notNull().default(0),
    /** Why apply disabled it (null while enabled, or when an admin did). */
    disabledReason: varchar('disabled_reason', { length: 255 }),
    createdBy: idColumn('created_by').notNull(),
    createdAt: instantColumn('created_at').notNull(),
    updatedAt: instantColumn('updated_at'),
  },
  (table) => [index('webhooks_project_idx').on(table.projectId)],
);

/** A webhook, as read. */
export type WebhookRow = typeof webhooks.$inferSelect;

/** Where an outbox message goes. */
export const outboxKinds = ['webhook', 'email'] as const;
/** Lifecycle of an outbox message: pending until delivered or out of attempts. */
export const outboxStates = ['pending', 'delivered', 'failed'] as const;

/**
 * Side effects waiting for the leader to perform them (apply never touches the outside world).
 * `idempotencyKey` is sent with every attempt so receivers can drop repeats (at-least-once).
 */
export const outbox = mysqlTable(
  'outbox',
  {
    id: idColumn('id').primaryKey(),
    kind: varchar('kind', { length: 16, enum: outboxKinds }).notNull(),
    webhookId: varchar('webhook_id', { length: 36 }),
    recipient: varchar('recipient', { length: 2048 }).notNull(),
    idempotencyKey: varchar('idempotency_key', { length: 96 })
      .notNull()
      .unique('outbox_idempotency_unique'),
    payload: jsonColumn<Record<string, unknown>>('payload').notNull(),
    state: varchar('state', { length: 16, enum: outboxStates }).notNull(),
    attempts: int('attempts', { unsigned: true }).notNull(),
    /**
     * `attempts` when the current round of tries began: 0, or where a manual redeliver
     * started a new round (each round gets `outboxAttemptsMax` tries).
     */
    roundStart: int('round_start', { unsigned: true }).notNull().default(0),
    nextAttemptAt: instantColumn('next_attempt_at').notNull(),
    createdAt: instantColumn('created_at').notNull(),
    updatedAt: instantColumn('updated_at').notNull(),
  },
  (table) => [
    index('outbox_due_idx').on(table.state, table.nextAttemptAt),
    index('outbox_webhook_idx').on(table.webhookId, table.createdAt),
    // Retention deletes finished messages oldest first (apply/retention.ts).
    index('outbox_finished_idx').on(table.state, table.updatedAt),
  ],
);

/** One try at delivering an outbox message, as the leader reported it. */
export const deliveryAttempts = mysqlTable(
  'delivery_attempts',
  {
    outboxId: idColumn('outbox_id')
      .notNull()
      .references(() => outbox.id),
    attempt: smallint('attempt', { unsigned: true }).notNull(),
    at: instantColumn('at').notNull(),
    ok: boolean('ok').notNull(),
    statusCode: smallint('status_code', { unsigned: true }),
    error: varchar('error', { length: 1024 }),
  },
  (table) => [
    primaryKey({ name: 'delivery_attempts_pk', columns: [table.outboxId, table.attempt] }),
  ],
);

/** An outbox message, as read. */
export type OutboxRow = typeof outbox.$inferSelect;
/** One recorded attempt, as read. */
export type DeliveryAttemptRow = typeof deliveryAttempts.$inferSelect;
