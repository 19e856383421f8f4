// Goal: apply remembers request ids for a window of replicated time: a retry just inside it
// answers the first outcome, one just outside it or dated in the future is refused with no
// effect, and pruning forgets exactly the ids outside the window, the same one by one as
// batched, and never forgets less when a later leader's clock is behind.
import type { Entry } from '@raftboard/raft';
import { uuidv7Ms } from '@raftboard/uuidv7';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import {
  processedRequestsPruneEveryEntries,
  readForgottenBefore,
  requestIdFutureSkewMs,
  requestIdWindowMs,
} from '../src/apply/processed-requests.ts';
import type { Database } from '../src/client.ts';
import { processedRequests } from '../src/schema/processed-requests.ts';
import { tableChecksums } from '../src/snapshot/checksum.ts';
import { EntryLog, testRequestId } from '../src/testing/entries.ts';
import { boardSetupEntries } from '../src/testing/workload.ts';
import { nodeDatabases } from './support/node-database.ts';

const freshNode = nodeDatabases('request_window');
const dayMs = 24 * 60 * 60 * 1_000;

/** A task.create by u1 carrying `requestId`, proposed at `at`. */
function createTask(log: EntryLog, taskId: string, requestId: string, at: number): Entry {
  const payload = { taskId, projectId: 'p0', statusId: 'p0-todo', title: taskId, position: 'a' };
  return log.command('task.create', 'u1', payload, { requestId, at });
}

/** Checksums of the state machine, but for the applied index every entry moves. */
async function stateOf(db: Database) {
  return { ...(await tableChecksums(db)), raft_applied: '' };
}

async function rememberedRequestIds(db: Database): Promise<string[]> {
  const rows = await db.select({ requestId: processedRequests.requestId }).from(processedRequests);
  return rows.map((row) => row.requestId).sort();
}

describe('the request id window at one entry', () => {
  let db: Database;
  let log: EntryLog;

  beforeAll(async () => {
    db = (await freshNode()).db;
    log = new EntryLog();
    await applyEntries(db, boardSetupEntries(log).entries);
  });

  it('answers a retry just inside the window with the first outcome and changes nothing', async () => {
    const madeAt = log.clockAt(log.index);
    const requestId = testRequestId(madeAt, 1);
    const first = await applyEntries(db, [createTask(log, 'inside', requestId, madeAt)]);
    expect(first.entries[0]?.outcome).toMatchObject({ ok: true });
    const before = await stateOf(db);
    const retry = createTask(log, 'inside-again', requestId, madeAt + requestIdWindowMs);
    const again = await applyEntries(db, [retry]);
    expect(again.entries[0]).toMatchObject({ replayed: true, outcome: first.entries[0]?.outcome });
    expect(await stateOf(db)).toEqual(before);
  });

  it('refuses a retry just outside the window with a clear error and changes nothing', async () => {
    const madeAt = log.clockAt(log.index);
    const requestId = testRequestId(madeAt, 2);
    await applyEntries(db, [createTask(log, 'outside', requestId, madeAt)]);
    const before = await stateOf(db);
    const retry = createTask(log, 'outside-again', requestId, madeAt + requestIdWindowMs + 1);
    const again = await applyEntries(db, [retry]);
    expect(again.entries[0]).toMatchObject({
      replayed: false,
      outcome: { ok: false, code: 'REQUEST_ID_OUT_OF_WINDOW' },
    });
    expect(again.entries[0]?.outcome).toMatchObject({
      message: expect.stringMatching(/more than 24 h ago.*new requestId/),
    });
    expect(await stateOf(db)).toEqual(before);
  });

  it('refuses a request id dated more than the allowed skew ahead, and remembers nothing', async () => {
    const at = log.clockAt(log.index);
    const before = await stateOf(db);
    const ahead = testRequestId(at + requestIdFutureSkewMs + 1, 3);
    const refused = await applyEntries(db, [createTask(log, 'future', ahead, at)]);
    expect(refused.entries[0]?.outcome).toMatchObject({
      ok: false,
      code: 'REQUEST_ID_OUT_OF_WINDOW',
      message: expect.stringMatching(/ahead of the cluster/),
    });
    expect(await stateOf(db)).toEqual(before);
    const skewed = testRequestId(at + requestIdFutureSkewMs, 4);
    const accepted = await applyEntries(db, [createTask(log, 'skewed', skewed, at)]);
    expect(accepted.entries[0]?.outcome).toMatchObject({ ok: true });
  });

  it('refuses an entry whose request id is not a UUIDv7, as a command it does not understand', async () => {
    const entry = log.command('user.update', 'u1', { displayName: 'x' });
    const legacy = {
      ...entry,
      data: entry.data.replace(/"requestId":"[^"]+"/, '"requestId":"r1"'),
    };
    const result = await applyEntries(db, [legacy]);
    expect(result.entries[0]?.outcome).toMatchObject({
      ok: false,
      code: 'INVALID_COMMAND',
      message: expect.stringMatching(/UUIDv7/),
    });
  });
});

describe('pruning request ids by the time they were made', () => {
  const log = new EntryLog();
  const { entries: setup } = boardSetupEntries(log);
  // The prune entry's time; the horizon it moves to is `pruneAt - requestIdWindowMs`.
  const pruneAt = log.clockAt(log.index) + 2 * dayMs;
  const horizon = pruneAt - requestIdWindowMs;
  const ids = {
    old: testRequestId(horizon - 30_000, 1),
    edge: testRequestId(horizon, 2),
    // Made before the horizon but applied just inside its window, in the prune's batch: only
    // written when the batch ends, so the batch must write it before it prunes.
    lateInBatch: testRequestId(horizon - 1, 3),
    fresh: testRequestId(pruneAt - 1_000, 4),
    prune: testRequestId(pruneAt, 5),
  };
  const entries = [
    ...setup,
    createTask(log, 'old', ids.old, horizon - 30_000),
    createTask(log, 'edge', ids.edge, horizon),
    createTask(log, 'late', ids.lateInBatch, horizon - 1 + requestIdWindowMs),
    createTask(log, 'fresh', ids.fresh, pruneAt - 1_000),
  ];
  while (log.index < processedRequestsPruneEveryEntries) entries.push(log.raw(''));
  entries.push(createTask(log, 'prune', ids.prune, pruneAt));
  // A new leader whose clock is a minute behind: measured from its `at` alone, `old` would be
  // inside the window again, though the prune above forgot it.
  const behind = pruneAt - 60_000;
  const retries = [
    createTask(log, 'old', ids.old, behind),
    createTask(log, 'edge', ids.edge, behind),
  ];

  let batched: Database;
  let oneByOne: Database;

  beforeAll(async () => {
    batched = (await freshNode()).db;
    oneByOne = (await freshNode()).db;
    await applyEntries(batched, entries);
    for (const entry of entries) await applyEntries(oneByOne, [entry]);
  });

  it('forgets exactly the request ids made before the horizon', async () => {
    expect(entries.at(-1)?.index).toBe(processedRequestsPruneEveryEntries);
    expect(await readForgottenBefore(batched)).toBe(horizon);
    const expected = [ids.edge, ids.fresh, ids.prune].sort();
    expect(await rememberedRequestIds(batched)).toEqual(expected);
    expect(expected.every((id) => (uuidv7Ms(id) ?? 0) >= horizon)).toBe(true);
  });

  it('leaves the same tables applied one entry at a time as in one batch', async () => {
    expect(await tableChecksums(oneByOne)).toEqual(await tableChecksums(batched));
  });

  it('refuses a forgotten id even at an earlier time, and still replays one it kept', async () => {
    const before = await stateOf(batched);
    const result = await applyEntries(batched, retries);
    expect(result.entries.map((entry) => [entry.replayed, entry.outcome?.ok])).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(result.entries[0]?.outcome).toMatchObject({ code: 'REQUEST_ID_OUT_OF_WINDOW' });
    expect(await stateOf(batched)).toEqual(before);
    for (const entry of retries) await applyEntries(oneByOne, [entry]);
    expect(await tableChecksums(oneByOne)).toEqual(await tableChecksums(batched));
  });
});
