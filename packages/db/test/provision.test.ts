// Goal: the provisioning helper gives every test a real database, and a private server it
// starts is really a MySQL server that goes away with no process or data left behind.
import { existsSync } from 'node:fs';
import { connect as connectSocket } from 'node:net';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import {
  databaseUrlOf,
  findMysqlBinaries,
  repositoryRoot,
  serverUrlOf,
  startPrivateServer,
  uniqueDatabaseName,
} from '../src/provision/index.ts';
import { createTestDatabase } from '../src/testing/database.ts';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query(sql);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('database URLs', () => {
  it('separates the server from the database and keeps credentials and options', () => {
    const url = 'mysql://app:s3cret@db.internal:3307/raftboard?ssl=true';
    expect(serverUrlOf(url)).toBe('mysql://app:s3cret@db.internal:3307?ssl=true');
    expect(databaseUrlOf(serverUrlOf(url), 'node_1')).toBe(
      'mysql://app:s3cret@db.internal:3307/node_1?ssl=true',
    );
  });

  it('makes unique, valid database names', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueDatabaseName('Test-DB')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^test_db_[0-9a-f]{8}$/);
  });
});

describe('test databases', () => {
  it('creates a database of its own on the run server and drops it', async () => {
    const database = await createTestDatabase('provision');
    await query(database.url, 'CREATE TABLE t (id INT PRIMARY KEY)');
    await query(database.url, 'INSERT INTO t VALUES (1), (2)');
    const [row] = await query<{ n: number }>(database.url, 'SELECT COUNT(*) AS n FROM t');
    expect(Number(row?.n)).toBe(2);

    await database.drop();
    const remaining = await query<{ SCHEMA_NAME: string }>(
      database.serverUrl,
      `SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${database.name}'`,
    );
    expect(remaining).toEqual([]);
  });
});

describe('private server', () => {
  it('starts from the installed binaries, serves SQL, and leaves nothing behind', async () => {
    const binaries = await findMysqlBinaries();
    if (binaries === null) {
      throw new Error(
        'this test needs mariadbd or mysqld installed (apt-get install mariadb-server)',
      );
    }
    const server = await startPrivateServer({ dataRoot: join(repositoryRoot(), '.data', 'mysql') });
    try {
      expect(server.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:\d+$/);
      expect(server.port).not.toBe(3306);
      const [row] = await query<{ version: string }>(server.url, 'SELECT VERSION() AS version');
      expect(row?.version).toMatch(/^\d+\.\d+/);
      expect(processExists(server.pid)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(processExists(server.pid)).toBe(false);
    expect(existsSync(server.dataDirectory)).toBe(false);
  });

  it('listens only on the address it is given and lets root in from the given hosts', async () => {
    const dataRoot = join(repositoryRoot(), '.data', 'mysql');
    await expect(startPrivateServer({ dataRoot, bindAddress: '127.0.0.2' })).rejects.toThrow(
      /needs rootHostPattern/,
    );
    const server = await startPrivateServer({
      dataRoot,
      bindAddress: '127.0.0.2',
      rootHostPattern: '127.0.0.%',
    });
    try {
      expect(server.url).toBe(`mysql://root@127.0.0.2:${server.port}`);
      // From 127.0.0.2 only the granted pattern matches root (the template knows loopback).
      // mysql2 ignores its localAddress option, so it gets a socket bound to that source.
      const stream = connectSocket({
        host: '127.0.0.2',
        port: server.port,
        localAddress: '127.0.0.2',
      });
      const connection = await createConnection({ user: 'root', stream });
      const [rows] = await connection.query('SELECT CURRENT_USER() AS account');
      await connection.end();
      expect((rows as { account: string }[])[0]?.account).toBe('root@127.0.0.%');
      await expect(
        createConnection({ uri: `mysql://root@127.0.0.1:${server.port}`, connectTimeout: 2_000 }),
      ).rejects.toThrow();
    } finally {
      await server.stop();
    }
  });
});
