import { createConnection } from 'mysql2/promise';
import { afterAll } from 'vitest';
import { closeDatabase, type Database, openDatabase } from '../../src/client.ts';
import { migrateDatabase } from '../../src/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/database.ts';

/** A migrated database of its own for a test, as one node would hold it. */
export interface NodeDatabase {
  database: TestDatabase;
  db: Database;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

let template: Promise<TestDatabase> | undefined;

// One migrated template per test file; every node database is a copy of it. Copying 29
// tables costs a third of the DDL the migrations run (test/migrate.test.ts covers those).
function migratedTemplate(): Promise<TestDatabase> {
  template ??= (async () => {
    const database = await createTestDatabase('template');
    const db = openDatabase(database.url);
    try {
      await migrateDatabase(db);
    } finally {
      await closeDatabase(db);
    }
    return database;
  })();
  return template;
}

afterAll(async () => {
  if (template) await (await template).drop();
});

async function copyTemplate(source: TestDatabase, target: TestDatabase): Promise<void> {
  const connection = await createConnection({ uri: target.url });
  try {
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    const [tables] = await connection.query(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
      [source.name],
    );
    for (const { name } of tables as { name: string }[]) {
      const [rows] = await connection.query(`SHOW CREATE TABLE \`${source.name}\`.\`${name}\``);
      const create = (rows as Record<string, string>[])[0]?.['Create Table'];
      if (!create) throw new Error(`cannot read the definition of ${name}`);
      await connection.query(create);
      await connection.query(
        `INSERT INTO \`${name}\` SELECT * FROM \`${source.name}\`.\`${name}\``,
      );
    }
  } finally {
    await connection.end();
  }
}

/** Creates a fresh database named after `prefix`, migrated (a copy of a migrated template). */
export async function createNodeDatabase(prefix: string): Promise<NodeDatabase> {
  const source = await migratedTemplate();
  const database = await createTestDatabase(prefix);
  await copyTemplate(source, database);
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

/**
 * A maker of fresh node databases named after `prefix`, each disposed of after the calling
 * file's tests. Call it at the top of a test file.
 */
export function nodeDatabases(prefix: string): () => Promise<NodeDatabase> {
  const nodes: NodeDatabase[] = [];
  afterAll(async () => {
    for (const node of nodes) await node.dispose();
  });
  return async () => {
    const node = await createNodeDatabase(prefix);
    nodes.push(node);
    return node;
  };
}
