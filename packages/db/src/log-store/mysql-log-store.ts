import {
  CompactedError,
  type ConfState,
  type Entry,
  type HardState,
  type Snapshot,
  type SnapshotMetadata,
  SnapshotOutOfDateError,
  type Storage,
  UnavailableError,
} from '@raftboard/raft';
import { asc, eq, gte, lt } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import type { PoolConnection } from 'mysql2/promise';
import { readAppliedIndex } from '../apply/apply-entries.ts';
import { emptyConfState } from '../apply/conf-change.ts';
import type { Database, Executor } from '../client.ts';
import * as schema from '../schema/index.ts';
import { raftHardState, raftLog, raftSnapshot } from '../schema/raft.ts';
import type { SnapshotStaging } from '../snapshot/snapshot-staging.ts';

/** Bound on the characters of entry data one INSERT into raft_log carries. */
export const appendStatementCharsMax = 4 * 1024 * 1024;
/** Bound on the entries one INSERT into raft_log carries. */
export const appendStatementEntriesMax = 1_000;

interface PersistedState {
  hardState: HardState;
  confState: ConfState;
  snapshot: Snapshot;
  log: Entry[];
  /** Characters of entry data in `log`: the mirror's size, which compaction keeps bounded. */
  logChars: number;
}

function dataChars(entries: readonly Entry[]): number {
  return entries.reduce((sum, entry) => sum + entry.data.length, 0);
}

function marker(index: number, term: number): Entry {
  return { index, term, type: 'normal', data: '' };
}

/** Splits rows into groups of at most `countMax` rows and about `charsMax` characters. */
function groups<T>(
  items: readonly T[],
  chars: (item: T) => number,
  countMax: number,
  charsMax: number,
) {
  const result: T[][] = [];
  let group: T[] = [];
  let size = 0;
  for (const item of items) {
    if (group.length > 0 && (group.length >= countMax || size + chars(item) > charsMax)) {
      result.push(group);
      group = [];
      size = 0;
    }
    group.push(item);
    size += chars(item);
  }
  if (group.length > 0) result.push(group);
  return result;
}

async function writeSnapshotMetadata(tx: Executor, metadata: SnapshotMetadata) {
  const row = {
    snapshotIndex: metadata.index,
    snapshotTerm: metadata.term,
    confState: metadata.confState,
  };
  await tx
    .insert(raftSnapshot)
    .values({ id: 1, ...row })
    .onDuplicateKeyUpdate({ set: row });
}

/**
 * Runs `work` in one transaction on one pooled connection, handing it both the raw connection
 * (for the snapshot loader's bulk SQL) and Drizzle bound to that connection.
 */
async function onOneConnection(
  db: Database,
  work: (connection: PoolConnection, tx: Executor) => Promise<void>,
): Promise<void> {
  const connection = await db.$client.getConnection();
  try {
    await connection.beginTransaction();
    try {
      await work(connection, drizzle({ client: connection, schema, mode: 'default' }));
      await connection.commit();
    } catch (error) {
      await connection.rollback();
      throw error;
    }
  } finally {
    connection.release();
  }
}

async function upsertHardState(tx: Executor, hardState: HardState, confState: ConfState) {
  const row = { ...hardState, confState };
  await tx
    .insert(raftHardState)
    .values({ id: 1, ...row })
    .onDuplicateKeyUpdate({ set: row });
}

async function loadPersistedState(db: Database, bootstrap: ConfState): Promise<PersistedState> {
  const [hard] = await db.select().from(raftHardState).where(eq(raftHardState.id, 1));
  const [meta] = await db.select().from(raftSnapshot).where(eq(raftSnapshot.id, 1));
  let snapshot: Snapshot = { metadata: { index: 0, term: 0, confState: bootstrap }, data: '' };
  if (meta) {
    const { snapshotIndex: index, snapshotTerm: term, confState } = meta;
    snapshot = { metadata: { index, term, confState }, data: '' };
  }
  const log: Entry[] = await db
    .select({ index: raftLog.index, term: raftLog.term, type: raftLog.type, data: raftLog.data })
    .from(raftLog)
    .orderBy(asc(raftLog.index));
  if (log.length === 0) throw new Error('raft_log has no compaction marker: run the migrations');
  // Commit-only changes are not written (see `save`); every applied entry was committed.
  const applied = await readAppliedIndex(db);
  const commit = Math.max(hard?.commit ?? 0, applied);
  return {
    hardState: { term: hard?.term ?? 0, vote: hard?.vote ?? null, commit },
    // The membership saved last: by setHardState, by installSnapshot, or at bootstrap.
    confState: hard?.confState ?? (meta ? snapshot.metadata.confState : bootstrap),
    snapshot,
    log,
    logChars: dataChars(log),
  };
}

/**
 * Raft's durable storage on MySQL. Reads (the synchronous `Storage` the core calls) are served
 * from an in-memory mirror loaded by `open`; writes are async, one MySQL transaction each,
 * durable when their promise resolves, and applied to the mirror only after they commit.
 * Writes run one at a time in call order.
 *
 * Invariant: `log[0]` is the marker of the compaction point (index and term of the entry just
 * before the first one kept); real entries follow contiguously, as in raft_log.
 */
export class MysqlLogStore implements Storage {
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Database,
    private state: PersistedState,
  ) {}

  /**
   * Loads the log, hard state and newest snapshot of a migrated database. `confState`
   * bootstraps a new cluster (every founding member passes the same one); it is saved with the
   * first hard state and ignored once a snapshot exists.
   */
  static async open(db: Database, options: { confState?: ConfState } = {}): Promise<MysqlLogStore> {
    const state = await loadPersistedState(db, options.confState ?? emptyConfState());
    return new MysqlLogStore(db, state);
  }

  initialState(): { hardState: HardState; confState: ConfState } {
    return { hardState: { ...this.state.hardState }, confState: this.state.confState };
  }

  entries(low: number, high: number, maxBytes: number): Entry[] {
    const offset = this.offset();
    if (low <= offset) throw new CompactedError(low);
    if (high > this.lastIndex() + 1) throw new UnavailableError(high);
    const result: Entry[] = [];
    let bytes = 0;
    for (let index = low; index < high; index += 1) {
      const entry = this.state.log[index - offset];
      if (entry === undefined) break;
      bytes += entry.data.length;
      if (result.length > 0 && bytes > maxBytes) break;
      result.push(entry);
    }
    return result;
  }

  term(index: number): number {
    const offset = this.offset();
    if (index < offset) throw new CompactedError(index);
    if (index > this.lastIndex()) throw new UnavailableError(index);
    const entry = this.state.log[index - offset];
    if (entry === undefined) throw new Error(`log mirror has a hole at ${index}`);
    return entry.term;
  }

  firstIndex(): number {
    return this.offset() + 1;
  }

  lastIndex(): number {
    return this.offset() + this.state.log.length - 1;
  }

  snapshot(): Snapshot {
    return this.state.snapshot;
  }

  /** Characters of entry data the in-memory mirror of the log holds. */
  logChars(): number {
    return this.state.logChars;
  }

  /**
   * Saves one Ready's entries and hard state in one transaction, so one fsync covers both.
   * Entries at or below the compaction point are skipped; a DELETE runs only when they
   * overwrite a stored suffix (§5.3), never for an append at the tail. Throws if they would
   * leave a gap after the last index.
   *
   * A hard state that changes only the commit index is written only alongside entries, never
   * on its own (etcd's MustSync): the commit index need not be durable, because `open` takes
   * it as at least the applied index (every applied entry was committed) and a leader teaches
   * a follower the rest. Term and vote changes are always written: they are what keeps one
   * vote per term across a crash.
   */
  save(work: { entries: readonly Entry[]; hardState: HardState | null }): Promise<void> {
    return this.serialise(async () => {
      const fresh = work.entries.filter((entry) => entry.index >= this.firstIndex());
      const start = fresh[0];
      if (start !== undefined && start.index > this.lastIndex() + 1) {
        throw new Error(`gap: appending ${start.index} after last index ${this.lastIndex()}`);
      }
      const hardState = work.hardState ? { ...work.hardState } : null;
      const stored = this.state.hardState;
      const mustSaveHardState =
        hardState !== null && (hardState.term !== stored.term || hardState.vote !== stored.vote);
      const saveHardState = hardState !== null && (mustSaveHardState || start !== undefined);
      const inserts = groups(
        fresh,
        (entry) => entry.data.length,
        appendStatementEntriesMax,
        appendStatementCharsMax,
      );
      const [onlyInsert] = inserts;
      const overwrites = start !== undefined && start.index <= this.lastIndex();
      if (onlyInsert && inserts.length === 1 && !overwrites && !mustSaveHardState) {
        // The common Ready: new entries at the tail and at most a new commit index. One
        // INSERT is atomic on its own, so it runs without BEGIN and COMMIT (two round trips
        // fewer on every node), and the commit index stays unsaved as for a commit-only Ready.
        await this.db.insert(raftLog).values(onlyInsert);
      } else if (start !== undefined || saveHardState) {
        await this.db.transaction(async (tx) => {
          if (overwrites) await tx.delete(raftLog).where(gte(raftLog.index, start.index));
          for (const group of inserts) await tx.insert(raftLog).values(group);
          if (saveHardState) await upsertHardState(tx, hardState, this.state.confState);
        });
      }
      if (start !== undefined) {
        const kept = start.index - this.offset();
        this.state.logChars += dataChars(fresh) - dataChars(this.state.log.slice(kept));
        this.state.log.length = kept;
        this.state.log.push(...fresh.map((entry) => ({ ...entry })));
      }
      if (hardState) this.state.hardState = hardState;
    });
  }

  /**
   * Saves term, vote and commit (from `Ready.hardState`), and the membership if given:
   * `initialState()` after a restart returns the membership saved last (here, by
   * `installSnapshot`, or the bootstrap one).
   */
  setHardState(hardState: HardState, confState?: ConfState): Promise<void> {
    return this.serialise(async () => {
      const next = { ...hardState };
      const conf = confState ?? this.state.confState;
      await upsertHardState(this.db, next, conf);
      this.state.hardState = next;
      this.state.confState = conf;
    });
  }

  /**
   * Makes `index` (applied, and still in the log) the newest snapshot point, with `confState`
   * its membership. Nothing is copied: the snapshot's data is the state machine itself, which a
   * leader streams from one consistent read when a follower needs it (snapshot-stream.ts), at
   * its applied index then, which is at or past this point. Returns SnapshotOutOfDateError when
   * `index` is not past the held snapshot. Does not compact; see `compact`.
   */
  createSnapshot(options: {
    index: number;
    confState: ConfState;
  }): Promise<Snapshot | SnapshotOutOfDateError> {
    return this.serialise(async () => {
      const { index, confState } = options;
      if (index <= this.state.snapshot.metadata.index) {
        return new SnapshotOutOfDateError('snapshot is older than the one held');
      }
      const metadata = { index, term: this.term(index), confState };
      await writeSnapshotMetadata(this.db, metadata);
      this.state.snapshot = { metadata, data: '' };
      return this.state.snapshot;
    });
  }

  /**
   * Installs a leader's snapshot (from `Ready.snapshot`), which `staging` holds complete, in
   * one transaction: swaps the staged tables in and moves the applied point to the snapshot's,
   * discards the whole log (leaving the marker at the snapshot), and saves the snapshot's point
   * and membership. The staging tables are dropped after. Returns SnapshotOutOfDateError when
   * the snapshot is not newer than the one held.
   */
  installSnapshot(
    snapshot: Snapshot,
    staging: SnapshotStaging,
  ): Promise<SnapshotOutOfDateError | null> {
    return this.serialise(async () => {
      const { metadata } = snapshot;
      if (metadata.index <= this.state.snapshot.metadata.index) {
        return new SnapshotOutOfDateError('snapshot is older than the one held');
      }
      try {
        await onOneConnection(this.db, async (connection, tx) => {
          await staging.install(connection, snapshot);
          await tx.delete(raftLog);
          await tx.insert(raftLog).values(marker(metadata.index, metadata.term));
          await writeSnapshotMetadata(tx, metadata);
          const hard = { ...this.state.hardState, confState: metadata.confState };
          await tx
            .insert(raftHardState)
            .values({ id: 1, ...hard })
            .onDuplicateKeyUpdate({ set: { confState: metadata.confState } });
        });
      } finally {
        await staging.release();
      }
      this.state.snapshot = { metadata, data: '' };
      this.state.confState = metadata.confState;
      this.state.log = [marker(metadata.index, metadata.term)];
      this.state.logChars = 0;
      return null;
    });
  }

  /**
   * Discards entries before `index`, which becomes the marker. Contract: `index` is at or
   * below the snapshot index, so whatever is discarded can be sent as the snapshot. Returns
   * CompactedError when `index` is already compacted.
   */
  compact(index: number): Promise<CompactedError | null> {
    return this.serialise(async () => {
      const offset = this.offset();
      if (index <= offset) return new CompactedError(index);
      if (index > this.state.snapshot.metadata.index) {
        throw new Error(
          `compact(${index}) past the snapshot at ${this.state.snapshot.metadata.index}`,
        );
      }
      await this.db.transaction(async (tx) => {
        await tx.delete(raftLog).where(lt(raftLog.index, index));
        await tx.update(raftLog).set({ data: '', type: 'normal' }).where(eq(raftLog.index, index));
      });
      this.state.logChars -= dataChars(this.state.log.slice(0, index - offset + 1));
      this.state.log = this.state.log.slice(index - offset);
      this.state.log[0] = marker(index, this.term(index));
      return null;
    });
  }

  private offset(): number {
    const first = this.state.log[0];
    if (first === undefined) throw new Error('log mirror lost its marker');
    return first.index;
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writes.then(work);
    this.writes = next.catch(() => {});
    return next;
  }
}
