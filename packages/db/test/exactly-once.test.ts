// Goal: apply is exactly-once and deterministic — replays change nothing, repeated request ids
// answer the first outcome, a killed transaction leaves all of a batch or none, and nodes fed
// the same log in different batch sizes end with identical tables.
import { eq } from 'drizzle-orm';
import { createConnection } from 'mysql2/promise';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEntries, readAppliedIndex } from '../src/apply/apply-entries.ts';
import { closeDatabase, openDatabase } from '../src/client.ts';
import { tasks } from '../src/schema/tasks.ts';
import { tableChecksums } from '../src/snapshot/checksum.ts';
import { EntryLog } from '../src/testing/entries.ts';
import { boardSetupEntries, randomTaskEntries, seededRandom } from '../src/testing/workload.ts';
import { type NodeDatabase, nodeDatabases } from './support/node-database.ts';

const seed = Number(process.env.APPLY_SEED ?? 20_260_101);

const freshNode = nodeDatabases('exactly_once');

function workload(count: number) {
  const log = new EntryLog();
  const { board, entries } = boardSetupEntries(log);
  return [...entries, ...randomTaskEntries(log, board, { count, seed })];
}

async function applyInRandomBatches(
  node: NodeDatabase,
  entries: readonly import('@raftboard/raft').Entry[],
) {
  const random = seededRandom(seed + 1);
  for (let start = 0; start < entries.length; ) {
    // Half the transactions carry one entry, as when the driver hands over a single one.
    const size = random() < 0.5 ? 1 : 1 + Math.floor(random() * 40);
    await applyEntries(node.db, entries.slice(start, start + size));
    start += size;
  }
}

let reference: NodeDatabase;
let referenceResult: Awaited<ReturnType<typeof applyEntries>>;
const entries = workload(400);

beforeAll(async () => {
  reference = await freshNode();
  referenceResult = await applyEntries(reference.db, entries);
});

describe(`exactly-once apply (seed=${seed}; replay with APPLY_SEED=${seed})`, () => {
  it('changes nothing when the same entries are applied again', async () => {
    expect(await readAppliedIndex(reference.db)).toBe(entries.length);
    const before = await tableChecksums(reference.db);
    const again = await applyEntries(reference.db, entries);
    expect(again.entries).toEqual([]);
    expect(again.events).toEqual([]);
    expect(await tableChecksums(reference.db)).toEqual(before);
  });

  it('ends with identical tables on two nodes fed the log in different batch sizes', async () => {
    const other = await freshNode();
    await applyInRandomBatches(other, entries);
    expect(await tableChecksums(other.db)).toEqual(await tableChecksums(reference.db));
  });

  it('applies each entry once when two calls race over overlapping entries', async () => {
    const node = await freshNode();
    const [shorter, longer] = await Promise.all([
      applyEntries(node.db, entries.slice(0, 300)),
      applyEntries(node.db, entries),
    ]);
    const applied = [...shorter.entries, ...longer.entries].map((entry) => entry.index);
    expect(applied.sort((a, b) => a - b)).toEqual(entries.map((entry) => entry.index));
    expect(await tableChecksums(node.db)).toEqual(await tableChecksums(reference.db));
  });

  it('exercised both outcomes and repeated request ids along the way', () => {
    const result = referenceResult;
    const outcomes = result.entries.flatMap((entry) => (entry.outcome ? [entry.outcome] : []));
    expect(outcomes.filter((outcome) => outcome.ok).length).toBeGreaterThan(150);
    expect(outcomes.filter((outcome) => !outcome.ok).length).toBeGreaterThan(30);
    expect(result.entries.some((entry) => entry.replayed)).toBe(true);
  });

  it('answers a repeated request id with the first outcome and changes nothing', async () => {
    const node = await freshNode();
    const log = new EntryLog();
    const { entries: setup } = boardSetupEntries(log);
    await applyEntries(node.db, setup);
    const requestId = log.requestIdOf(log.index);
    const create = (title: string) =>
      log.command(
        'task.create',
        'u1',
        { taskId: 'dup', projectId: 'p0', statusId: 'p0-todo', title, position: 'a' },
        { requestId },
      );
    const first = await applyEntries(node.db, [create('first')]);
    const checksums = await tableChecksums(node.db);
    const second = await applyEntries(node.db, [create('second')]);
    expect(second.entries[0]).toMatchObject({ replayed: true, outcome: first.entries[0]?.outcome });
    expect(second.events).toEqual([]);
    const after = await tableChecksums(node.db);
    expect({ ...after, raft_applied: '' }).toEqual({ ...checksums, raft_applied: '' });
  });

  it('keeps going past a rejected command inside a batch', async () => {
    const node = await freshNode();
    const log = new EntryLog();
    const { entries: setup } = boardSetupEntries(log);
    const task = (taskId: string, actor: string) =>
      log.command('task.create', actor, {
        taskId,
        projectId: 'p0',
        statusId: 'p0-todo',
        title: taskId,
        position: 'a',
      });
    const result = await applyEntries(node.db, [
      ...setup,
      task('ok-1', 'u1'),
      task('viewer', 'u4'),
      task('ok-2', 'u2'),
    ]);
    const outcomes = result.entries.slice(-3).map((entry) => entry.outcome);
    expect(outcomes).toMatchObject([{ ok: true }, { ok: false, code: 'FORBIDDEN' }, { ok: true }]);
    expect(result.appliedIndex).toBe(log.index - 1);
  });

  it('undoes only the writes of a command rejected after writing, mid-batch', async () => {
    const log = new EntryLog();
    const { entries: setup } = boardSetupEntries(log);
    const create = (taskId: string) =>
      log.command('task.create', 'u1', {
        taskId,
        projectId: 'p0',
        statusId: 'p0-todo',
        title: taskId,
        position: 'a',
      });
    const batch = [
      create('a'),
      create('b'),
      // Its first update is written before its second finds no task: all of it must go.
      log.command('task.bulkUpdate', 'u1', {
        updates: [
          { taskId: 'a', changes: { title: 'bulk' } },
          { taskId: 'missing', changes: { title: 'bulk' } },
        ],
      }),
      log.command('task.update', 'u2', { taskId: 'b', changes: { title: 'after' } }),
    ];
    const batched = await freshNode();
    await applyEntries(batched.db, setup);
    const result = await applyEntries(batched.db, batch);
    expect(result.entries.map((entry) => entry.outcome)).toMatchObject([
      { ok: true },
      { ok: true },
      { ok: false, code: 'NOT_FOUND' },
      { ok: true },
    ]);
    const oneByOne = await freshNode();
    for (const entry of [...setup, ...batch]) await applyEntries(oneByOne.db, [entry]);
    expect(await tableChecksums(batched.db)).toEqual(await tableChecksums(oneByOne.db));
    const [a] = await batched.db.select().from(tasks).where(eq(tasks.id, 'a'));
    expect(a).toMatchObject({ title: 'a', version: 1 });
  });

  it('reads roles and columns as of each entry when they change inside a batch', async () => {
    const log = new EntryLog();
    const { entries: setup } = boardSetupEntries(log);
    const create = (taskId: string, actor: string, statusId: string | null = null) =>
      log.command('task.create', actor, {
        taskId,
        projectId: 'p0',
        ...(statusId === null ? {} : { statusId }),
        title: taskId,
      });
    const member = (
      type: 'member.remove' | 'member.add' | 'member.updateRole',
      payload: { role?: 'viewer' | 'member' },
    ) => log.command(type, 'u0', { projectId: 'p0', userId: 'u1', ...payload });
    // Each change to a role or a column sits between two commands that read it.
    const batch = [
      create('before', 'u1'),
      member('member.remove', {}),
      create('removed', 'u1'),
      member('member.add', { role: 'viewer' }),
      create('as-viewer', 'u1'),
      member('member.updateRole', { role: 'member' }),
      create('member-again', 'u1'),
      log.command('status.create', 'u0', {
        projectId: 'p0',
        statusId: 'p0-new',
        name: 'New',
        category: 'unstarted',
        position: '0',
      }),
      create('into-new', 'u1', 'p0-new'),
      create('default-column', 'u1'),
    ];
    const batched = await freshNode();
    await applyEntries(batched.db, setup);
    const result = await applyEntries(batched.db, batch);
    const creates = result.entries.filter((_, i) => batch[i]?.data.includes('"task.create"'));
    expect(creates.map((entry) => entry.outcome?.ok)).toEqual([
      true,
      false,
      false,
      true,
      true,
      true,
    ]);
    const oneByOne = await freshNode();
    for (const entry of [...setup, ...batch]) await applyEntries(oneByOne.db, [entry]);
    expect(await tableChecksums(batched.db)).toEqual(await tableChecksums(oneByOne.db));
    const [placed] = await batched.db
      .select({ statusId: tasks.statusId })
      .from(tasks)
      .where(eq(tasks.id, 'default-column'));
    expect(placed?.statusId).toBe('p0-new');
  });

  it('leaves all of a batch or none when its connection is killed mid-transaction', async () => {
    const node = await freshNode();
    const log = new EntryLog();
    const { board, entries: setup } = boardSetupEntries(log);
    setup.push(
      log.command('user.signUp', 'lonely', {
        userId: 'lonely',
        email: 'lonely@example.com',
        username: 'lonely',
        displayName: 'Nobody references me',
        passwordHash: null,
      }),
    );
    await applyEntries(node.db, setup);
    const before = await tableChecksums(node.db);
    // The entry in the middle waits on a row lock we hold, so the kill lands mid-batch.
    const batch = [
      ...randomTaskEntries(log, board, { count: 80, seed }),
      log.command('user.update', 'lonely', { displayName: 'Blocked' }),
      ...randomTaskEntries(log, board, { count: 30, seed: seed + 2 }),
    ];
    const victim = openDatabase(node.database.url, { connectionLimit: 1 });
    const admin = await createConnection({ uri: node.database.url });
    try {
      const probe = await victim.$client.getConnection();
      const threadId = probe.threadId;
      probe.release();
      await admin.query('START TRANSACTION');
      await admin.query("SELECT id FROM users WHERE id = 'lonely' FOR UPDATE");
      const applying = applyEntries(victim, batch);
      applying.catch(() => {});
      await waitUntilBlocked(threadId);
      await admin.query(`KILL ${Number(threadId)}`);
      await expect(applying).rejects.toThrow();
      await admin.query('ROLLBACK');
    } finally {
      await admin.end();
      await closeDatabase(victim).catch(() => {});
    }
    expect(await tableChecksums(node.db)).toEqual(before);
    await applyEntries(node.db, batch);
    const clean = await freshNode();
    await applyEntries(clean.db, [...setup, ...batch]);
    expect(await tableChecksums(node.db)).toEqual(await tableChecksums(clean.db));
  });
});

async function waitUntilBlocked(threadId: number) {
  const watcher = await createConnection({ uri: reference.database.url });
  try {
    for (let tries = 0; tries < 1_000; tries += 1) {
      const [rows] = await watcher.query(
        'SELECT INFO AS info, TIME AS seconds FROM information_schema.PROCESSLIST WHERE ID = ?',
        [threadId],
      );
      const row = (rows as { info: string | null; seconds: number }[])[0];
      if (/update `users`/i.test(row?.info ?? '') && Number(row?.seconds) >= 1) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`connection ${threadId} never blocked on the users row`);
  } finally {
    await watcher.end();
  }
}
