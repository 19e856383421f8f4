// Goal: the committed migrations build the whole schema from empty, and nodes that start
// together serialise on the named lock instead of colliding.
import { readFileSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../src/client.ts';
import { migrateDatabase, migrationLockName } from '../src/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';

/** How many migrations are committed: each applies exactly once. */
const committedMigrations = (
  JSON.parse(readFileSync(new URL('../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function freshDatabase() {
  const database = await createTestDatabase('migrate');
  databases.push(database);
  return database;
}

async function rows<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const connection = await createConnection({ uri: url });
  try {
    const [result] = await connection.query(sql, values);
    return result as T[];
  } finally {
    await connection.end();
  }
}

describe('migrateDatabase', () => {
  it('creates every table from empty, seeds reference rows, and is idempotent', async () => {
    const database = await freshDatabase();
    const db = openDatabase(database.url);
    try {
      await migrateDatabase(db);
      await migrateDatabase(db);
      const tables = await rows<{ name: string }>(
        database.url,
        'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
        [database.name],
      );
      const names = tables.map((table) => table.name);
      for (const name of ['tasks', 'events', 'raft_log', 'processed_requests', 'priorities']) {
        expect(names).toContain(name);
      }
      const priorities = await rows<{ id: string }>(
        database.url,
        'SELECT id FROM priorities ORDER BY `rank`',
      );
      expect(priorities.map((row) => row.id)).toEqual(['none', 'low', 'medium', 'high', 'urgent']);
      const [applied] = await rows<{ applied_index: number }>(
        database.url,
        'SELECT applied_index FROM raft_applied',
      );
      expect(Number(applied?.applied_index)).toBe(0);
      const migrations = await rows(database.url, 'SELECT * FROM __drizzle_migrations');
      expect(migrations.length).toBe(committedMigrations);
    } finally {
      await closeDatabase(db);
    }
  });

  it('starts over after a first migration that was cut off part-way', async () => {
    const database = await freshDatabase();
    // What a node killed during its first migration leaves: some tables, nothing recorded.
    const connection = await createConnection({ uri: database.url });
    try {
      const initial = readFileSync(new URL('../drizzle/0000_initial.sql', import.meta.url), 'utf8');
      const [first] = initial.split('--> statement-breakpoint');
      await connection.query(first ?? '');
      await connection.query(
        'CREATE TABLE `__drizzle_migrations` (id serial primary key, hash text, created_at bigint)',
      );
    } finally {
      await connection.end();
    }
    const db = openDatabase(database.url);
    try {
      await migrateDatabase(db);
      const migrations = await rows(database.url, 'SELECT * FROM __drizzle_migrations');
      expect(migrations.length).toBe(committedMigrations);
    } finally {
      await closeDatabase(db);
    }
  });

  it('lets two nodes that start together migrate one after the other', async () => {
    const database = await freshDatabase();
    const first = openDatabase(database.url);
    const second = openDatabase(database.url);
    try {
      await Promise.all([migrateDatabase(first), migrateDatabase(second)]);
      const migrations = await rows(database.url, 'SELECT * FROM __drizzle_migrations');
      expect(migrations.length).toBe(committedMigrations);
    } finally {
      await Promise.all([closeDatabase(first), closeDatabase(second)]);
    }
  });

  it('waits for the lock while another session holds it, then migrates', async () => {
    const database = await freshDatabase();
    const holder = await createConnection({ uri: database.url });
    const db = openDatabase(database.url);
    try {
      await holder.query('SELECT GET_LOCK(?, 0)', [migrationLockName(database.name)]);
      let finished = false;
      const migrating = migrateDatabase(db).then(() => {
        finished = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(finished).toBe(false);
      const tablesWhileLocked = await rows(
        database.url,
        'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
        [database.name],
      );
      expect(tablesWhileLocked).toEqual([]);
      await holder.query('SELECT RELEASE_LOCK(?)', [migrationLockName(database.name)]);
      await migrating;
      expect(finished).toBe(true);
    } finally {
      await holder.end();
      await closeDatabase(db);
    }
  });

  it('gives up with a clear error when the lock never comes', async () => {
    const database = await freshDatabase();
    const holder = await createConnection({ uri: database.url });
    const db = openDatabase(database.url);
    try {
      await holder.query('SELECT GET_LOCK(?, 0)', [migrationLockName(database.name)]);
      await expect(migrateDatabase(db, { lockTimeoutSeconds: 1 })).rejects.toThrow(
        /timed out after 1s waiting for migration lock/,
      );
    } finally {
      await holder.end();
      await closeDatabase(db);
    }
  });
});
