import { inject } from 'vitest';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../provision/index.ts';

/** A database of its own for one test file or suite. */
export interface TestDatabase {
  name: string;
  url: string;
  serverUrl: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database named `<prefix>_<random>` on the run's server (see global-setup).
 * Call `drop()` in afterAll so the server is left as it was found.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const serverUrl = inject('mysqlServerUrl');
  const name = uniqueDatabaseName(`test_${prefix}`);
  const url = await createDatabase(serverUrl, name);
  return { name, url, serverUrl, drop: () => dropDatabase(serverUrl, name) };
}
