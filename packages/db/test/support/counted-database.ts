import { drizzle } from 'drizzle-orm/mysql2';
import type { Database } from '../../src/client.ts';
import * as schema from '../../src/schema/index.ts';

/**
 * `db`'s pool seen through a Drizzle handle that records every statement it sends, each a
 * round trip: for tests that count what a write costs. Clear `statements` before the write.
 */
export function countingStatements(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const logger = { logQuery: (query: string) => statements.push(query) };
  return {
    db: drizzle({ client: db.$client, schema, mode: 'default', logger }) as Database,
    statements,
  };
}
