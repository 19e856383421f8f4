import { applyEntries, type CommandOutcome } from '@raftboard/db/apply';
import { closeDatabase, type Database } from '@raftboard/db/client';
import { type CommandInput, encodeCommand } from '@raftboard/db/commands';
import { uuidv7 } from '@raftboard/uuidv7';
import {
  type ClusterStatus,
  ClusterUnavailableError,
  type NodeServices,
  type ReadFenceOptions,
} from '../context.ts';
import { WebhookTargetGuard } from '../integrations/webhook-target.ts';
import { EventHub } from '../live/event-hub.ts';

/** How long `readFence` waits for an index this node has not applied. */
export const localReadFenceTimeoutMs = 2_000;

type Entry = Parameters<typeof applyEntries>[1][number];

/**
 * A node without Raft: the API's services over a real MySQL database and the real apply, with
 * a log that is just a counter. `propose` assigns the next index, applies it with packages/db's
 * `applyEntries` and publishes the events, exactly as a node does after commit. Tests use it
 * (see local-node.ts) and so does the cluster bench, as its no-replication baseline.
 */
export interface DirectNode extends NodeServices {
  /** While false, `propose` and `readFence` throw `ClusterUnavailableError` (no leader). */
  available: boolean;
  /** While true the node applies nothing (a lagging follower); `resume()` catches it up. */
  paused: boolean;
  /** Unpauses and applies every committed entry; resolves when caught up. */
  resume(): Promise<void>;
  /** The highest applied index. */
  appliedIndex(): number;
  /** Closes the pool (and whatever `onClose` adds). */
  close(): Promise<void>;
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

/** The committed log every direct node sharing it applies, in order. */
export interface SharedLog {
  entries: Entry[];
  members: { applyPending(): Promise<void> }[];
}

/** An empty log for one or more direct nodes. */
export function createSharedLog(): SharedLog {
  return { entries: [], members: [] };
}

/** A direct node on a migrated database, applying `log` (shared with other members, if any). */
export function createDirectNode(
  id: string,
  parts: {
    db: Database;
    log: SharedLog;
    onClose?: () => Promise<void>;
    /** Default: webhooks may reach loopback addresses (tests' receivers listen there). */
    webhookTargets?: WebhookTargetGuard;
  },
): DirectNode {
  const { db, log } = parts;
  const hub = new EventHub();
  const outcomes = new Map<number, CommandOutcome>();
  let applied = 0;
  let chain: Promise<void> = Promise.resolve();
  const applyPending = (): Promise<void> => {
    chain = chain.then(async () => {
      while (!node.paused && applied < log.entries.length) {
        const entry = log.entries[applied];
        if (!entry) break;
        const result = await applyEntries(db, [entry]);
        const { events, accessChanged } = result;
        hub.publish({ appliedIndex: entry.index, events, accessChanged });
        const outcome = result.entries[0]?.outcome;
        if (outcome) outcomes.set(entry.index, outcome);
        applied = entry.index;
      }
    });
    return chain;
  };
  const node: DirectNode = {
    db,
    hub,
    available: true,
    paused: false,
    cluster: { status: () => statusOf(id, applied, node.available) },
    appliedIndex: () => applied,
    now: () => new Date(),
    newId: () => uuidv7(),
    webhookTargets: parts.webhookTargets ?? new WebhookTargetGuard(['127.0.0.0/8', '::1/128']),
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
      await parts.onClose?.();
    },
  };
  log.members.push({ applyPending });
  return node;
}

async function fenceOn(node: DirectNode, options: ReadFenceOptions): Promise<void> {
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
