import { boolean, date, index, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn, jsonColumn } from './columns.ts';

/**
 * People who can sign in. Invariant: `email` and `username` are unique (the proposer lowers
 * their case); `passwordHash` is null for accounts that only sign in through OAuth.
 */
export const users = mysqlTable('users', {
  id: idColumn('id').primaryKey(),
  email: varchar('email', { length: 254 }).notNull().unique('users_email_unique'),
  username: varchar('username', { length: 64 }).notNull().unique('users_username_unique'),
  displayName: varchar('display_name', { length: 128 }).notNull(),
  passwordHash: varchar('password_hash', { length: 255 }),
  /** One email a day with what the day's notifications said, instead of one email each. */
  emailDigest: boolean('email_digest').notNull().default(false),
  /** The UTC day the last digest went out for. */
  digestSentOn: date('digest_sent_on', { mode: 'string' }),
  createdAt: instantColumn('created_at').notNull(),
  updatedAt: instantColumn('updated_at').notNull(),
});

/** A user, as read. */
export type UserRow = typeof users.$inferSelect;

/** Browser sessions, stored by the hash of their token. Revoked or expired ones stay for audit. */
export const sessions = mysqlTable(
  'sessions',
  {
    id: idColumn('id').primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: varchar('token_hash', { length: 128 }).notNull().unique('sessions_token_unique'),
    createdAt: instantColumn('created_at').notNull(),
    expiresAt: instantColumn('expires_at').notNull(),
    revokedAt: instantColumn('revoked_at'),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/** Personal API tokens for integrations: hashed, scoped, optionally expiring. */
export const apiTokens = mysqlTable(
  'api_tokens',
  {
    id: idColumn('id').primaryKey(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    name: varchar('name', { length: 128 }).notNull(),
    tokenHash: varchar('token_hash', { length: 128 }).notNull().unique('api_tokens_token_unique'),
    scopes: jsonColumn<string[]>('scopes').notNull(),
    createdAt: instantColumn('created_at').notNull(),
    expiresAt: instantColumn('expires_at'),
    revokedAt: instantColumn('revoked_at'),
  },
  (table) => [index('api_tokens_user_idx').on(table.userId)],
);

/** An API token (its hash never leaves the API). */
export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** An external identity (provider + its user id) linked to one Raftboard user. */
export const oauthIdentities = mysqlTable(
  'oauth_identities',
  {
    provider: varchar('provider', { length: 32 }).notNull(),
    providerUserId: varchar('provider_user_id', { length: 191 }).notNull(),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: instantColumn('created_at').notNull(),
  },
  (table) => [
    primaryKey({ name: 'oauth_identities_pk', columns: [table.provider, table.providerUserId] }),
    index('oauth_identities_user_idx').on(table.userId),
  ],
);
