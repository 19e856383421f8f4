// Goal: the MySQL log store keeps Raft's log, hard state and snapshot point durably with the
// semantics of packages/raft's MemoryStorage, and a snapshot streamed from one consistent read
// carries a node's whole state machine to another node byte for byte, through staging tables
// that leave the live ones untouched until the install.
import { createHash } from 'node:crypto';
import {
  CompactedError,
  type Entry,
  type Snapshot,
  SnapshotOutOfDateError,
  UnavailableError,
} from '@raftboard/raft';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyEntries, readAppliedIndex } from '../src/apply/apply-entries.ts';
import type { Database } from '../src/client.ts';
import { MysqlLogStore } from '../src/log-store/mysql-log-store.ts';
import { raftHardState } from '../src/schema/raft.ts';
import { tableChecksums } from '../src/snapshot/checksum.ts';
import { SnapshotBusyError, SnapshotStaging } from '../src/snapshot/snapshot-staging.ts';
import { openSnapshotReader } from '../src/snapshot/snapshot-stream.ts';
import { EntryLog } from '../src/testing/entries.ts';
import {
  boardSetupEntries,
  randomTaskEntries,
  type WorkloadBoard,
} from '../src/testing/workload.ts';
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
  const tasks = randomTaskEntries(log, board, { count: 60, seed: 7 });
  const workload = [...setup, ...tasks, ...attachmentEntries(log, board)];
  const later = randomTaskEntries(log, board, { count: 30, seed: 8 });
  let first: Awaited<ReturnType<typeof leader>> | undefined;

  async function leader() {
    const node = await freshNode();
    const store = await MysqlLogStore.open(node.db, { confState });
    await store.save({ entries: workload, hardState: null });
    await applyEntries(node.db, workload);
    return { node, store };
  }

  it('makes an applied index the snapshot point, copying nothing, and compacts behind it', async () => {
    first = await leader();
    const { node, store } = first;
    const snapshot = await store.createSnapshot({ index: workload.length, confState });
    if (snapshot instanceof SnapshotOutOfDateError) throw snapshot;
    expect(snapshot).toEqual({
      metadata: { index: workload.length, term: 1, confState },
      data: '',
    });
    expect(await store.createSnapshot({ index: 40, confState })).toBeInstanceOf(
      SnapshotOutOfDateError,
    );
    const charsBefore = store.logChars();
    expect(await store.compact(50)).toBeNull();
    expect(await store.compact(20)).toBeInstanceOf(CompactedError);
    expect(store.firstIndex()).toBe(51);
    expect(store.logChars()).toBe(
      charsBefore - workload.slice(0, 50).reduce((sum, entry) => sum + entry.data.length, 0),
    );
    expect(store.term(50)).toBe(1);
    expect(() => store.entries(50, 52, 1_000)).toThrow(CompactedError);
    expect(() => store.term(49)).toThrow(CompactedError);
    await expect(store.compact(workload.length + 1)).rejects.toThrow(/past the snapshot/);
    const reopened = await MysqlLogStore.open(node.db);
    expect(reopened.firstIndex()).toBe(51);
    expect(reopened.lastIndex()).toBe(workload.length);
    expect(reopened.snapshot()).toEqual(snapshot);
    expect(reopened.logChars()).toBe(store.logChars());
  });

  it('streams the state into staging and installs it: identical tables, bytes included, and both move on alike', async () => {
    const { node } = first ?? (await leader());
    const follower = await freshNode();
    const followerStore = await MysqlLogStore.open(follower.db, { confState });
    await followerStore.save({ entries: entries(1, 3, 1), hardState: null });
    const staging = new SnapshotStaging(follower.db);
    const snapshot = await streamSnapshot(node.db, staging, 's1');
    expect(snapshot.metadata).toEqual({
      index: workload.length,
      term: 1,
      confState: { voters: [], learners: [] },
    });
    expect(await followerStore.installSnapshot(snapshot, staging)).toBeNull();
    expect(await tableChecksums(follower.db)).toEqual(await tableChecksums(node.db));
    expect(await stagingTables(follower.db)).toEqual([]);
    expect(await readAppliedIndex(follower.db)).toBe(snapshot.metadata.index);
    expect([followerStore.firstIndex(), followerStore.lastIndex()]).toEqual([
      snapshot.metadata.index + 1,
      snapshot.metadata.index,
    ]);
    expect(await followerStore.installSnapshot(snapshot, staging)).toBeInstanceOf(
      SnapshotOutOfDateError,
    );
    const reopened = await MysqlLogStore.open(follower.db);
    expect(reopened.snapshot()).toEqual({ metadata: snapshot.metadata, data: '' });
    expect(reopened.initialState().confState).toEqual(snapshot.metadata.confState);
    const grown = { voters: ['n1', 'n2', 'n3'], learners: ['n4'] };
    await reopened.setHardState(reopened.initialState().hardState, grown);
    expect((await MysqlLogStore.open(follower.db)).initialState().confState).toEqual(grown);
    await applyEntries(node.db, later);
    await applyEntries(follower.db, later);
    expect(await tableChecksums(follower.db)).toEqual(await tableChecksums(node.db));
  });

  it('streams one instant while entries are being applied, with that instant as its point', async () => {
    const { node, store } = await leader();
    await store.save({ entries: later, hardState: null });
    const replica = await freshNode();
    const staging = new SnapshotStaging(replica.db);
    const applying = (async () => {
      for (const entry of later) await applyEntries(node.db, [entry]);
    })();
    const [snapshot] = await Promise.all([streamSnapshot(node.db, staging, 's2'), applying]);
    const upTo = snapshot.metadata.index;
    expect(await readAppliedIndex(node.db)).toBe(workload.length + later.length);
    await (await MysqlLogStore.open(replica.db)).installSnapshot(snapshot, staging);
    const replay = await freshNode();
    await applyEntries(replay.db, [...workload, ...later].slice(0, upTo));
    expect(await tableChecksums(replica.db)).toEqual(await tableChecksums(replay.db));
  });

  it('carries the membership and the term of the applied entry as the state machine has them', async () => {
    const node = await freshNode();
    const conf = new EntryLog();
    const changes = [
      conf.raw(JSON.stringify({ type: 'addLearner', nodeId: 'n2' }), 'confChange'),
      conf.raw(JSON.stringify({ type: 'addLearner', nodeId: 'n1' }), 'confChange'),
      conf.raw(JSON.stringify({ type: 'promote', nodeId: 'n1' }), 'confChange'),
      // Refused by the core (n3 is no learner), so no change here either.
      conf.raw(JSON.stringify({ type: 'promote', nodeId: 'n3' }), 'confChange'),
    ].map((entry, i) => ({ ...entry, term: i + 2 }));
    await applyEntries(node.db, changes);
    const reader = await openSnapshotReader(node.db);
    await reader.close();
    expect(reader.header.metadata).toEqual({
      index: 4,
      term: 5,
      confState: { voters: ['n1'], learners: ['n2'] },
    });
  });

  it('keeps the live tables until install: a stream cut off, replaced, or not the one staged changes nothing', async () => {
    const { node } = first ?? (await leader());
    const follower = await freshNode();
    const staging = new SnapshotStaging(follower.db);
    const reader = await openSnapshotReader(node.db);
    try {
      await staging.begin('cut', reader.header);
      const batches = reader.batches();
      const firstBatch = await batches.next();
      if (firstBatch.done) throw new Error('no rows');
      await staging.write('cut', firstBatch.value);
      await batches.return(undefined);
    } finally {
      await reader.close();
    }
    const before = await tableChecksums(follower.db);
    // A new stream replaces the one cut off; the old one's late batches are refused.
    const snapshot = await streamSnapshot(node.db, staging, 'whole');
    await expect(staging.write('cut', { table: 'tasks', rows: [] })).rejects.toThrow(
      /not the one being received/,
    );
    // A complete copy waiting for its install is not replaced.
    const another = await openSnapshotReader(node.db);
    await expect(staging.begin('late', another.header)).rejects.toThrow(SnapshotBusyError);
    await another.close();
    const store = await MysqlLogStore.open(follower.db);
    await expect(
      store.installSnapshot({ ...snapshot, data: 'staged:cut' }, staging),
    ).rejects.toThrow(/not the one staged/);
    expect(await tableChecksums(follower.db)).toEqual(before);
    expect(await stagingTables(follower.db)).toEqual([]);
  });

  it('refuses a header from another schema and rows that do not fit their table', async () => {
    const { node } = first ?? (await leader());
    const follower = await freshNode();
    const staging = new SnapshotStaging(follower.db);
    const reader = await openSnapshotReader(node.db);
    await reader.close();
    const header = reader.header;
    const renamed = { ...header, tables: header.tables.map((t) => ({ ...t, name: `${t.name}x` })) };
    await expect(staging.begin('a', renamed)).rejects.toThrow(/differ from this schema/);
    await expect(staging.begin('a', { ...header, format: 'other' as never })).rejects.toThrow(
      /unknown snapshot format/,
    );
    await staging.begin('b', header);
    await expect(staging.write('b', { table: 'tasks', rows: [['only one cell']] })).rejects.toThrow(
      /malformed/,
    );
    await expect(staging.write('b', { table: 'nope', rows: [] })).rejects.toThrow(/unknown table/);
    await expect(staging.finish('b', 5)).rejects.toThrow(/sent 5 rows, 0 arrived/);
    await staging.clearLeftovers();
    expect(await stagingTables(follower.db)).toEqual([]);
  });
});

/** A task with an attachment whose bytes are not text, so a snapshot must carry them as bytes. */
function attachmentEntries(log: EntryLog, board: WorkloadBoard): Entry[] {
  const owner = board.userIds[0] ?? 'u0';
  const taskId = 'snapshot-task';
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  return [
    log.command('task.create', owner, { taskId, projectId: board.projectId, title: 'Bytes' }),
    log.command('attachment.add', owner, {
      attachmentId: 'att-binary',
      taskId,
      fileName: 'bytes.bin',
      contentType: 'application/octet-stream',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentBase64: bytes.toString('base64'),
    }),
  ];
}

/** Streams `db`'s state into `staging` as a follower's transport would; the core's snapshot. */
async function streamSnapshot(
  db: Database,
  staging: SnapshotStaging,
  streamId: string,
): Promise<Snapshot> {
  const reader = await openSnapshotReader(db);
  try {
    await staging.begin(streamId, reader.header);
    let rows = 0;
    for await (const batch of reader.batches()) {
      // A slow receiver: the reader must wait, and the state it reads must not move.
      await new Promise((resolve) => setImmediate(resolve));
      await staging.write(streamId, batch);
      rows += batch.rows.length;
    }
    const handle = await staging.finish(streamId, rows);
    return { metadata: reader.header.metadata, data: handle };
  } finally {
    await reader.close();
  }
}

async function stagingTables(db: Database): Promise<string[]> {
  const [rows] = await db.$client.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'raft\\_staging\\_%'",
  );
  return (rows as { name: string }[]).map((row) => row.name);
}
