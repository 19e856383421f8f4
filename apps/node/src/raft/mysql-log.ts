import type { Database } from '@raftboard/db/client';
import { MysqlLogStore } from '@raftboard/db/log-store';
import type { ConfState, Entry, HardState, Snapshot } from '@raftboard/raft';
import type { DurableLog } from './driver.ts';

/**
 * The node's durable log: packages/db's MysqlLogStore (the synchronous mirror the core reads,
 * and durable MySQL writes), driven in the order a Ready asks for.
 */
class MysqlDurableLog implements DurableLog {
  constructor(private readonly store: MysqlLogStore) {}

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

  async persist(work: {
    snapshot: Snapshot | null;
    entries: Entry[];
    hardState: HardState | null;
  }) {
    // An out-of-date snapshot is one we already hold something newer than: nothing to install.
    if (work.snapshot) await this.store.installSnapshot(work.snapshot);
    if (work.entries.length > 0) await this.store.append(work.entries);
    if (work.hardState) await this.store.setHardState(work.hardState);
  }

  async saveConfState(confState: ConfState) {
    await this.store.setHardState(this.store.initialState().hardState, confState);
  }

  async compact(options: { appliedIndex: number; confState: ConfState }) {
    const snapshot = await this.store.createSnapshot({ confState: options.confState });
    if (snapshot instanceof Error) return;
    await this.store.compact(snapshot.metadata.index);
  }
}

/**
 * Opens the durable log of a migrated database. A brand-new log bootstraps the cluster with
 * `voters` (every founding member passes the same list); an existing one keeps its own.
 */
export async function openMysqlLog(
  db: Database,
  options: { voters: string[] },
): Promise<DurableLog> {
  const store = await MysqlLogStore.open(db, {
    confState: { voters: options.voters, learners: [] },
  });
  return new MysqlDurableLog(store);
}
