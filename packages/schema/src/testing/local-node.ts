import { applyEntries } from '@raftboard/db/apply';
import { closeDatabase, type Database, openDatabase } from '@raftboard/db/client';
import { type CommandInput, encodeCommand } from '@raftboard/db/commands';
import { migrateDatabase } from '@raftboard/db/migrate';
import { createTestDatabase, type TestDatabase } from '@raftboard/db/testing/database';
import {
  type ClusterStatus,
  ClusterUnavailableError,
  type NodeServices,
  type ProposeOutcome,
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
  /** While true the node applies nothing (a lagging follower); `resume()` catches it up. */
  paused: boolean;
  /** Unpauses and applies every committed entry; resolves when caught up. */
  resume(): Promise<void>;
  /** The highest applied index. */
  appliedIndex(): number;
  /** Closes the pool and drops the database. */
  close(): Promise<void>;
  testDatabase: TestDatabase;
}

function statusOf(id: string, appliedIndex: number, available: boolean): ClusterStatus {
  return {
    leaderId: available ? 'local' : null,
    term: 1,
    nodes: [
      {
        id,
        role: available ? 'leader' : 'candidate',
        term: 1,
        commitIndex: appliedIndex,
        appliedIndex,
        lag: 0,
      },
    ],
  };
}

/** The committed log every member of a local cluster applies, in order. */
interface SharedLog {
  entries: Entry[];
  members: { applyPending(): Promise<void> }[];
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
  const log: SharedLog = { entries: [], members: [] };
  const nodes: LocalNode[] = [];
  for (let member = 0; member < size; member++) {
    const testDatabase = await createTestDatabase(`${prefix}${member}`);
    const db = openDatabase(testDatabase.url);
    await migrateDatabase(db);
    nodes.push(makeNode(`n${member + 1}`, { db, testDatabase, log }));
  }
  return nodes;
}

function makeNode(
  id: string,
  parts: { db: Database; testDatabase: TestDatabase; log: SharedLog },
): LocalNode {
  const { db, testDatabase, log } = parts;
  const hub = new EventHub();
  const outcomes = new Map<number, ProposeOutcome>();
  let applied = 0;
  let chain: Promise<void> = Promise.resolve();
  const applyPending = (): Promise<void> => {
    chain = chain.then(async () => {
      while (!node.paused && applied < log.entries.length) {
        const entry = log.entries[applied];
        if (!entry) break;
        const result = await applyEntries(db, [entry]);
        hub.publish({ appliedIndex: entry.index, events: result.events });
        const outcome = result.entries[0]?.outcome;
        if (outcome) outcomes.set(entry.index, outcome);
        applied = entry.index;
      }
    });
    return chain;
  };
  const node: LocalNode = {
    db,
    hub,
    available: true,
    paused: false,
    testDatabase,
    cluster: { status: () => statusOf(id, applied, node.available) },
    appliedIndex: () => applied,
    now: () => new Date(),
    newId: () => uuidv7(),
    async propose(command: CommandInput) {
      if (!node.available) throw new ClusterUnavailableError('no leader');
      if (node.paused) throw new ClusterUnavailableError('a paused node does not answer writes');
      const index = log.entries.length + 1;
      log.entries.push({ index, term: 1, type: 'normal', data: encodeCommand(command) });
      for (const member of log.members) void member.applyPending();
      await applyPending();
      const outcome = outcomes.get(index);
      outcomes.delete(index);
      if (!outcome) throw new Error(`entry ${index} produced no outcome`);
      return { index, outcome };
    },
    readFence: (options) => fenceOn(node, options),
    resume() {
      node.paused = false;
      return applyPending();
    },
    async close() {
      await closeDatabase(db);
      await testDatabase.drop();
    },
  };
  log.members.push({ applyPending });
  return node;
}

async function fenceOn(node: LocalNode, options: ReadFenceOptions): Promise<void> {
  if (!node.available && options.linearizable) throw new ClusterUnavailableError('no leader');
  const wanted = options.minIndex ?? 0;
  if (node.appliedIndex() >= wanted) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new ClusterUnavailableError(`index ${wanted} not applied in time`));
    }, localReadFenceTimeoutMs);
    const unsubscribe = node.hub.subscribe((batch) => {
      if (batch.appliedIndex < wanted) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
