// Goal: the MySQL log store keeps Raft's log, hard state and snapshots durably with the
// semantics of packages/raft's MemoryStorage, and a snapshot carries a node's whole state
// machine to another node byte for byte.
import {
  CompactedError,
  type Entry,
  SnapshotOutOfDateError,
  UnavailableError,
} from '@raftboard/raft';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyEntries, readAppliedIndex } from '../src/apply/apply-entries.ts';
import { MysqlLogStore } from '../src/log-store/mysql-log-store.ts';
import { raftHardState } from '../src/schema/raft.ts';
import { tableChecksums } from '../src/snapshot/checksum.ts';
import { EntryLog } from '../src/testing/entries.ts';
import { boardSetupEntries, randomTaskEntries } from '../src/testing/workload.ts';
import { countingStatements } from './support/counted-database.ts';
import { nodeDatabases } from './support/node-database.ts';

const freshNode = nodeDatabases('log_store');

const confState = { voters: ['n1', 'n2', 'n3'], learners: [] };

function entries(from: number, to: number, term: number): Entry[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    index: from + i,
    term,
    type: 'normal' as const,
    data: `e${from + i}t${term}`,
  }));
}

describe('MysqlLogStore log and hard state', () => {
  it('starts empty with the bootstrap membership', async () => {
    const node = await freshNode();
    const store = await MysqlLogStore.open(node.db, { confState });
    expect(store.initialState()).toEqual({
      hardState: { term: 0, vote: null, commit: 0 },
      confState,
    });
    expect([store.firstIndex(), store.lastIndex(), store.term(0)]).toEqual([1, 0, 0]);
    expect(store.snapshot().metadata).toEqual({ index: 0, term: 0, confState });
    expect(() => store.entries(1, 2, 100)).toThrow(UnavailableError);
  });

  it('appends, truncates a conflicting suffix, and reloads it all on reopen', async () => {
    const node = await freshNode();
    const store = await MysqlLogStore.open(node.db, { confState });
    await store.save({ entries: entries(1, 5, 1), hardState: null });
    await store.save({ entries: entries(4, 6, 2), hardState: null });
    expect(store.lastIndex()).toBe(6);
    expect([3, 4, 6].map((index) => store.term(index))).toEqual([1, 2, 2]);
    expect(store.entries(2, 7, 1_000).map((entry) => entry.data)).toEqual([
      'e2t1',
      'e3t1',
      'e4t2',
      'e5t2',
      'e6t2',
    ]);
    expect(store.entries(2, 7, 5)).toHaveLength(1);
    expect(store.entries(2, 7, 8)).toHaveLength(2);
    await expect(store.save({ entries: entries(9, 9, 2), hardState: null })).rejects.toThrow(/gap/);
    await store.save({ entries: [], hardState: { term: 2, vote: 'n2', commit: 5 } });
    const reopened = await MysqlLogStore.open(node.db);
    expect(reopened.initialState()).toEqual({
      hardState: { term: 2, vote: 'n2', commit: 5 },
      confState,
    });
    expect(reopened.entries(1, 7, 1_000)).toEqual(store.entries(1, 7, 1_000));
    expect(() => reopened.term(7)).toThrow(UnavailableError);
  });

  it('writes the commit index only beside a term or vote, and recovers it from apply', async () => {
    const node = await freshNode();
    const counted = countingStatements(node.db);
    const store = await MysqlLogStore.open(counted.db, { confState });
    const { entries: setup } = boardSetupEntries(new EntryLog());
    const stored = async () =>
      (await node.db.select().from(raftHardState).where(eq(raftHardState.id, 1)))[0]?.commit;
    await store.save({ entries: setup, hardState: { term: 1, vote: 'n1', commit: 0 } });
    expect(await stored()).toBe(0);
    // Commit moves, nothing else: no write (no fsync) for it.
    await store.save({ entries: [], hardState: { term: 1, vote: 'n1', commit: 2 } });
    expect(store.initialState().hardState.commit).toBe(2);
    expect(await stored()).toBe(0);
    // Nor with a tail append, which is one INSERT on its own; the entry itself is durable.
    const tail = entries(setup.length + 1, setup.length + 1, 1);
    counted.statements.length = 0;
    await store.save({ entries: tail, hardState: { term: 1, vote: 'n1', commit: 3 } });
    expect(counted.statements).toEqual([expect.stringMatching(/^insert into `raft_log`/)]);
    expect(await stored()).toBe(0);
    // After a crash, commit is at least what was applied: every applied entry was committed.
    await applyEntries(node.db, setup);
    await store.save({ entries: [], hardState: { term: 1, vote: 'n1', commit: setup.length } });
    expect(await stored()).toBe(0);
    const reopened = await MysqlLogStore.open(node.db);
    expect(reopened.entries(setup.length + 1, setup.length + 2, 1_000)).toEqual(tail);
    expect(reopened.initialState().hardState).toEqual({
      term: 1,
      vote: 'n1',
      commit: setup.length,
    });
    // A vote is always written at once.
    await reopened.save({ entries: [], hardState: { term: 2, vote: null, commit: setup.length } });
    expect((await MysqlLogStore.open(node.db)).initialState().hardState.term).toBe(2);
  });
});

describe('MysqlLogStore snapshots and compaction', () => {
  const log = new EntryLog();
  const { board, entries: setup } = boardSetupEntries(log);
  const workload = [...setup, ...randomTaskEntries(log, board, { count: 60, seed: 7 })];
  const later = randomTaskEntries(log, board, { count: 30, seed: 8 });
  let first: Awaited<ReturnType<typeof leader>> | undefined;

  async function leader() {
    const node = await freshNode();
    const store = await MysqlLogStore.open(node.db, { confState });
    await store.save({ entries: workload, hardState: null });
    await applyEntries(node.db, workload);
    return { node, store };
  }

  it('creates a snapshot at the applied index and compacts behind it', async () => {
    first = await leader();
    const { node, store } = first;
    const snapshot = await store.createSnapshot({ confState });
    if (snapshot instanceof SnapshotOutOfDateError) throw snapshot;
    expect(snapshot.metadata).toEqual({ index: workload.length, term: 1, confState });
    expect(await store.createSnapshot({ confState })).toBeInstanceOf(SnapshotOutOfDateError);
    expect(await store.compact(50)).toBeNull();
    expect(await store.compact(20)).toBeInstanceOf(CompactedError);
    expect(store.firstIndex()).toBe(51);
    expect(store.term(50)).toBe(1);
    expect(() => store.entries(50, 52, 1_000)).toThrow(CompactedError);
    expect(() => store.term(49)).toThrow(CompactedError);
    await expect(store.compact(workload.length + 1)).rejects.toThrow(/past the snapshot/);
    const reopened = await MysqlLogStore.open(node.db);
    expect(reopened.firstIndex()).toBe(51);
    expect(reopened.lastIndex()).toBe(workload.length);
    expect(reopened.snapshot()).toEqual(snapshot);
  });

  it('installs a snapshot elsewhere with identical tables; both then move on alike', async () => {
    const { node, store } = first ?? (await leader());
    const snapshot = store.snapshot();
    const follower = await freshNode();
    const followerStore = await MysqlLogStore.open(follower.db, { confState });
    await followerStore.save({ entries: entries(1, 3, 1), hardState: null });
    expect(await followerStore.installSnapshot(snapshot)).toBeNull();
    expect(await tableChecksums(follower.db)).toEqual(await tableChecksums(node.db));
    expect(await readAppliedIndex(follower.db)).toBe(snapshot.metadata.index);
    expect([followerStore.firstIndex(), followerStore.lastIndex()]).toEqual([
      snapshot.metadata.index + 1,
      snapshot.metadata.index,
    ]);
    expect(await followerStore.installSnapshot(snapshot)).toBeInstanceOf(SnapshotOutOfDateError);
    const reopened = await MysqlLogStore.open(follower.db);
    expect(reopened.snapshot()).toEqual(snapshot);
    expect(reopened.initialState().confState).toEqual(confState);
    const grown = { voters: ['n1', 'n2', 'n3'], learners: ['n4'] };
    await reopened.setHardState(reopened.initialState().hardState, grown);
    expect((await MysqlLogStore.open(follower.db)).initialState().confState).toEqual(grown);
    await applyEntries(node.db, later);
    await applyEntries(follower.db, later);
    expect(await tableChecksums(follower.db)).toEqual(await tableChecksums(node.db));
  });

  it('snapshots one instant while entries are being applied', async () => {
    const { node, store } = await leader();
    await store.save({ entries: later, hardState: null });
    const [snapshot] = await Promise.all([
      store.createSnapshot({ confState }),
      (async () => {
        for (const entry of later) await applyEntries(node.db, [entry]);
      })(),
    ]);
    if (snapshot instanceof SnapshotOutOfDateError) throw snapshot;
    const upTo = snapshot.metadata.index;
    const replica = await freshNode();
    await (await MysqlLogStore.open(replica.db)).installSnapshot(snapshot);
    const replay = await freshNode();
    await applyEntries(replay.db, [...workload, ...later].slice(0, upTo));
    expect(await tableChecksums(replica.db)).toEqual(await tableChecksums(replay.db));
  });
});
