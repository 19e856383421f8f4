import { openDatabase } from '@raftboard/db/client';
import { migrateDatabase } from '@raftboard/db/migrate';
import { createTestDatabase, type TestDatabase } from '@raftboard/db/testing/database';
import { createDirectNode, createSharedLog, type DirectNode } from './direct-node.ts';

export { localReadFenceTimeoutMs } from './direct-node.ts';

/** A direct node (see direct-node.ts) on a test database of its own, dropped on `close()`. */
export interface LocalNode extends DirectNode {
  testDatabase: TestDatabase;
}

/** Creates a migrated database named after `prefix` and a single node serving it. */
export async function createLocalNode(prefix: string): Promise<LocalNode> {
  const [node] = await createLocalCluster(prefix, 1);
  if (!node) throw new Error('a cluster of one has one node');
  return node;
}

/**
 * Several nodes in this process, each with its own database, applying one shared log: what a
 * Raft cluster looks like to the API once entries are committed. A `paused` member lags until
 * `resume()`, which is how tests exercise `minIndex` fences and resuming a feed on another node.
 */
export async function createLocalCluster(prefix: string, size: number): Promise<LocalNode[]> {
  const log = createSharedLog();
  const nodes: LocalNode[] = [];
  for (let member = 0; member < size; member++) {
    const testDatabase = await createTestDatabase(`${prefix}${member}`);
    const db = openDatabase(testDatabase.url);
    await migrateDatabase(db);
    const node = createDirectNode(`n${member + 1}`, { db, log, onClose: testDatabase.drop });
    nodes.push(Object.assign(node, { testDatabase }));
  }
  return nodes;
}
