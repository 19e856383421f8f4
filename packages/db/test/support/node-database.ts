import { closeDatabase, type Database, openDatabase } from '../../src/client.ts';
import { migrateDatabase } from '../../src/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/database.ts';

/** A migrated database of its own for a test file, as one node would hold it. */
export interface NodeDatabase {
  database: TestDatabase;
  db: Database;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

/** Creates and migrates a fresh database named after `prefix`. */
export async function createNodeDatabase(prefix: string): Promise<NodeDatabase> {
  const database = await createTestDatabase(prefix);
  const db = openDatabase(database.url);
  await migrateDatabase(db);
  return {
    database,
    db,
    dispose: async () => {
      await closeDatabase(db);
      await database.drop();
    },
  };
}
