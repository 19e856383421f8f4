import { applyEntries, readAppliedIndex } from '@raftboard/db/apply';
import { closeDatabase, type Database, openDatabase } from '@raftboard/db/client';
import { type CommandInput, encodeCommand } from '@raftboard/db/commands';
import { migrateDatabase } from '@raftboard/db/migrate';
import { createTestDatabase, type TestDatabase } from '@raftboard/db/testing/database';
import {
  type ClusterStatus,
  ClusterUnavailableError,
  type NodeServices,
  type ProposeResult,
  type ReadFenceOptions,
} from '../context.ts';
import { uuidv7 } from '../ids.ts';
import { EventHub } from '../live/event-hub.ts';

/** How long `readFence` waits for an index this node has not applied. */
export const localReadFenceTimeoutMs = 2_000;

type Entry = Parameters<typeof applyEntries>[1][number];

/**
 * A single-node cluster in this process, for tests: a real MySQL database, the real apply, and
 * a log that is just a counter. `propose` assigns the next index, applies it with packages/db's
 * `applyEntries` and publishes the events, exactly as a node does after commit.
 */
export interface LocalNode extends NodeServices {
  /** While false, `propose` and `readFence` throw `ClusterUnavailableError` (no leader). */
  available: boolean;
  /** The highest applied index. */
  appliedIndex(): number;
  /** Closes the pool and drops the database. */
  close(): Promise<void>;
  testDatabase: TestDatabase;
}

function statusOf(appliedIndex: number, available: boolean): ClusterStatus {
  return {
    leaderId: available ? 'local' : null,
    term: 1,
    nodes: [
      {
        id: 'local',
        role: available ? 'leader' : 'candidate',
        term: 1,
        commitIndex: appliedIndex,
        appliedIndex,
        lag: 0,
      },
    ],
  };
}

async function applyOne(db: Database, hub: EventHub, entry: Entry): Promise<ProposeResult> {
  const result = await applyEntries(db, [entry]);
  hub.publish({ appliedIndex: entry.index, events: result.events });
  const applied = result.entries[0];
  if (!applied?.outcome) throw new Error(`entry ${entry.index} produced no outcome`);
  return { index: entry.index, outcome: applied.outcome };
}

/** Creates a migrated database named after `prefix` and a node serving it. */
export async function createLocalNode(prefix: string): Promise<LocalNode> {
  const testDatabase = await createTestDatabase(prefix);
  const db = openDatabase(testDatabase.url);
  await migrateDatabase(db);
  const hub = new EventHub();
  let applied = await readAppliedIndex(db);
  let chain: Promise<unknown> = Promise.resolve();
  const node: LocalNode = {
    db,
    hub,
    available: true,
    testDatabase,
    cluster: { status: () => statusOf(applied, node.available) },
    appliedIndex: () => applied,
    now: () => new Date(),
    newId: () => uuidv7(),
    propose(command: CommandInput) {
      if (!node.available) return Promise.reject(new ClusterUnavailableError('no leader'));
      const data = encodeCommand(command);
      const next = chain.then(async () => {
        const index = applied + 1;
        const result = await applyOne(db, hub, { index, term: 1, type: 'normal', data });
        applied = index;
        return result;
      });
      chain = next.catch(() => undefined);
      return next;
    },
    async readFence(options: ReadFenceOptions) {
      if (!node.available && options.linearizable) throw new ClusterUnavailableError('no leader');
      const wanted = options.minIndex ?? 0;
      if (applied >= wanted) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new ClusterUnavailableError(`index ${wanted} not applied in time`));
        }, localReadFenceTimeoutMs);
        const unsubscribe = hub.subscribe((batch) => {
          if (batch.appliedIndex < wanted) return;
          clearTimeout(timer);
          unsubscribe();
          resolve();
        });
      });
    },
    async close() {
      await closeDatabase(db);
      await testDatabase.drop();
    },
  };
  return node;
}
