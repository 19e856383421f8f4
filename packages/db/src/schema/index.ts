/**
 * Every table of a node's database. This module is the schema (what drizzle-kit reads and
 * `@raftboard/db/schema` exports), not a barrel of the package: it re-exports tables only.
 */
export * from './attachments.ts';
export * from './calendar-feeds.ts';
export * from './cluster.ts';
export * from './comments.ts';
export * from './events.ts';
export * from './follows.ts';
export * from './labels.ts';
export * from './notifications.ts';
export * from './processed-requests.ts';
export * from './projects.ts';
export * from './raft.ts';
export * from './recurrences.ts';
export * from './share-links.ts';
export * from './statuses.ts';
export * from './tasks.ts';
export * from './users.ts';
export * from './webhooks.ts';
