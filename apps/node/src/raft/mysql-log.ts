import type { Database } from '@raftboard/db/client';
import { MysqlLogStore } from '@raftboard/db/log-store';
import type { SnapshotStaging } from '@raftboard/db/snapshot-staging';
import type { ConfState, Entry, HardState, Snapshot } from '@raftboard/raft';
import type { DurableLog } from './driver.ts';

/**
 * The node's durable log: packages/db's MysqlLogStore (the synchronous mirror the core reads,
 * and durable MySQL writes), driven in the order a Ready asks for.
 */
class MysqlDurableLog implements DurableLog {
  constructor(
    private readonly store: MysqlLogStore,
    private readonly staging: SnapshotStaging,
  ) {}

  initialState() {
    return this.store.initialState();
  }

  entries(low: number, high: number, maxBytes: number): Entry[] {
    return this.store.entries(low, high, maxBytes);
  }

  term(index: number): number {
    return this.store.term(index);
  }

  firstIndex(): number {
    return this.store.firstIndex();
  }

  lastIndex(): number {
    return this.store.lastIndex();
  }

  snapshot(): Snapshot {
    return this.store.snapshot();
  }

  logChars(): number {
    return this.store.logChars();
  }

  async persist(work: {
    snapshot: Snapshot | null;
    entries: Entry[];
    hardState: HardState | null;
  }) {
    // An out-of-date snapshot is one we already hold something newer than: nothing to install.
    if (work.snapshot) await this.store.installSnapshot(work.snapshot, this.staging);
    await this.store.save(work);
  }

  async saveConfState(confState: ConfState) {
    await this.store.setHardState(this.store.initialState().hardState, confState);
  }

  async compact(index: number, confState: ConfState): Promise<boolean> {
    const snapshot = await this.store.createSnapshot({ index, confState });
    // An Error here means the snapshot would be no newer than the one there is: nothing to do.
    if (snapshot instanceof Error) return false;
    await this.store.compact(snapshot.metadata.index);
    return true;
  }
}

/**
 * The entries that found a cluster: each voter added as a learner and promoted, in id order,
 * at term 1. Every founding member writes these same entries into its empty log (etcd does
 * the same), so the initial membership is part of the replicated history: a node that joins
 * later learns who the founders are by replicating the log from index 1.
 */
export function bootstrapEntries(voters: readonly string[]): Entry[] {
  const changes = [...voters].sort().flatMap((nodeId) => [
    { type: 'addLearner' as const, nodeId },
    { type: 'promote' as const, nodeId },
  ]);
  return changes.map((change, i) => ({
    term: 1,
    index: i + 1,
    type: 'confChange' as const,
    data: JSON.stringify(change),
  }));
}

/**
 * Opens the durable log of a migrated database. A brand-new log of a founding member (not
 * `join`) is first given the bootstrap entries for `voters`, committed; a joining node starts
 * empty and waits for a leader to replicate the log to it. A leader's snapshot is installed
 * from what the transport staged in `staging`.
 */
export async function openMysqlLog(
  db: Database,
  options: { voters: string[]; join: boolean; staging: SnapshotStaging },
): Promise<DurableLog> {
  const store = await MysqlLogStore.open(db);
  const log = new MysqlDurableLog(store, options.staging);
  const brandNew = log.lastIndex() === 0 && log.snapshot().metadata.index === 0;
  if (brandNew && !options.join) {
    const entries = bootstrapEntries(options.voters);
    await log.persist({
      snapshot: null,
      entries,
      hardState: { term: 1, vote: null, commit: entries.length },
    });
  }
  return log;
}
