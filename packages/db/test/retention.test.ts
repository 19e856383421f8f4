// Goal: what only grows is bounded by replicated time, the same way on every node: events older
// than the retention window and notifications read long ago are deleted by apply, at the
// same entry on every node whatever its batches, while unread notifications and recent rows
// stay.
import type { Entry } from '@raftboard/raft';
import { count, eq, lt } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import {
  eventsRetainedMs,
  finishedOutboxRetainedMs,
  pendingOutboxExpiresMs,
  readNotificationsRetainedMs,
  retentionEveryEntries,
} from '../src/apply/retention.ts';
import { systemActor } from '../src/commands/fields.ts';
import { events } from '../src/schema/events.ts';
import { notifications } from '../src/schema/notifications.ts';
import { deliveryAttempts, outbox } from '../src/schema/webhooks.ts';
import { tableChecksums } from '../src/snapshot/checksum.ts';
import { EntryLog, entryLogEpochMs } from '../src/testing/entries.ts';
import { boardSetupEntries } from '../src/testing/workload.ts';
import { type NodeDatabase, nodeDatabases } from './support/node-database.ts';

const freshNode = nodeDatabases('retention');

const dayMs = 24 * 60 * 60 * 1_000;
const start = entryLogEpochMs;
/** When the pruning entry runs: just past the event window for the oldest rows. */
const pruneAt = start + eventsRetainedMs + dayMs;

/**
 * A log whose entry at the first retention index prunes: old activity at `start` just before
 * it (so a batch holds it unwritten when the prune runs), recent activity inside both windows.
 */
function retentionLog() {
  const log = new EntryLog();
  const { entries: setup } = boardSetupEntries(log);
  const create = (taskId: string, assignee: string, at: number) =>
    log.command(
      'task.create',
      'u0',
      { taskId, projectId: 'p0', title: taskId, assigneeIds: [assignee] },
      { at },
    );
  const readAll = (user: string, at: number) =>
    log.command('notification.markRead', user, { all: true }, { at });
  const recent = pruneAt - readNotificationsRetainedMs + dayMs;
  const before = [...setup, create('recent', 'u3', recent), readAll('u3', recent)];
  const padding: Entry[] = [];
  while (log.index < retentionEveryEntries - 3) padding.push(log.raw(''));
  const old = [
    create('old-read', 'u1', start),
    readAll('u1', start),
    create('old-unread', 'u2', start),
  ];
  const prune = log.command(
    'task.update',
    'u0',
    { taskId: 'recent', changes: { title: 'still here' } },
    { at: pruneAt },
  );
  expect(prune.index).toBe(retentionEveryEntries);
  return { entries: [...before, ...padding, ...old, prune] };
}

async function countOf(node: NodeDatabase, table: typeof events | typeof notifications) {
  const [row] = await node.db.select({ n: count() }).from(table);
  return Number(row?.n ?? 0);
}

describe('retention in replicated time', () => {
  it('deletes old events and long-read notifications at the retention entry, nothing else', async () => {
    const { entries } = retentionLog();
    const node = await freshNode();
    await applyEntries(node.db, entries.slice(0, -1));
    // The board's setup and the old activity, all within a day of the start.
    const [oldEvents] = await node.db
      .select({ n: count() })
      .from(events)
      .where(lt(events.at, new Date(pruneAt - eventsRetainedMs)));
    const old = Number(oldEvents?.n);
    expect(old).toBeGreaterThanOrEqual(3);
    const eventsBefore = await countOf(node, events);
    const notificationsBefore = await countOf(node, notifications);
    const ofUser = async (userId: string) =>
      node.db.select().from(notifications).where(eq(notifications.userId, userId));
    const [u1Before, u2Before, u3Before] = [
      await ofUser('u1'),
      await ofUser('u2'),
      await ofUser('u3'),
    ];
    expect(u2Before.every((row) => row.readAt === null)).toBe(true);
    expect(u1Before.length).toBeGreaterThan(0);
    expect([...u1Before, ...u3Before].every((row) => row.readAt !== null)).toBe(true);

    const pruning = await applyEntries(node.db, entries.slice(-1));
    // Every event older than the window went, nothing else; the update's own events came.
    expect(pruning.events.length).toBeGreaterThan(0);
    expect(await countOf(node, events)).toBe(eventsBefore - old + pruning.events.length);
    const [recent] = await node.db
      .select({ n: count() })
      .from(events)
      .where(eq(events.entityId, 'recent'));
    expect(Number(recent?.n)).toBeGreaterThanOrEqual(2);
    // u1 read everything at the start: all of it goes. u3 read everything recently: it stays.
    expect(await ofUser('u1')).toEqual([]);
    expect(await ofUser('u3')).toEqual(u3Before);
    expect(await countOf(node, notifications)).toBe(notificationsBefore - u1Before.length);
    // u2 never read theirs: unread notifications never expire.
    expect(await ofUser('u2')).toEqual(u2Before);
  });

  it('leaves identical tables whether the entries are applied one by one or in one batch', async () => {
    const { entries } = retentionLog();
    const oneByOne = await freshNode();
    for (const entry of entries) await applyEntries(oneByOne.db, [entry]);
    const batched = await freshNode();
    await applyEntries(batched.db, entries);
    expect(await tableChecksums(batched.db)).toEqual(await tableChecksums(oneByOne.db));
    expect(await countOf(batched, events)).toBe(await countOf(oneByOne, events));
  });

  it('gives up on long-pending outbox messages and deletes long-finished ones with their attempts', async () => {
    const log = new EntryLog();
    const { entries: setup } = boardSetupEntries(log);
    const enqueue = (outboxId: string, at: number) =>
      log.command(
        'outbox.enqueue',
        systemActor,
        {
          outboxId,
          kind: 'email',
          recipient: 'someone@example.com',
          idempotencyKey: `test:${outboxId}`,
          payload: { template: 'test' },
        },
        { at },
      );
    const before = [...setup, enqueue('ob-done', start)];
    before.push(
      log.command(
        'outbox.recordDelivery',
        systemActor,
        {
          outboxId: 'ob-done',
          attempt: 1,
          ok: true,
          statusCode: null,
          error: null,
          nextAttemptAt: null,
        },
        { at: start },
      ),
    );
    before.push(enqueue('ob-stuck', start), enqueue('ob-fresh', pruneAt - dayMs));
    const padding: Entry[] = [];
    while (log.index < retentionEveryEntries) padding.push(log.raw(''));
    const prune = enqueue('ob-last', pruneAt);
    expect(prune.index).toBe(retentionEveryEntries);
    const node = await freshNode();
    await applyEntries(node.db, [...before, ...padding]);
    expect(await node.db.select().from(deliveryAttempts)).toHaveLength(1);
    await applyEntries(node.db, [prune]);
    const states = await node.db.select({ id: outbox.id, state: outbox.state }).from(outbox);
    const byId = new Map(states.map((row) => [row.id, row.state]));
    // Delivered over 30 days ago: gone with its attempt. Pending past due for over 14 days:
    // failed (and kept 30 more days). Queued a day ago: still pending.
    expect(byId.has('ob-done')).toBe(false);
    expect(await node.db.select().from(deliveryAttempts)).toEqual([]);
    expect(byId.get('ob-stuck')).toBe('failed');
    expect(byId.get('ob-fresh')).toBe('pending');
    expect(pendingOutboxExpiresMs).toBeLessThan(finishedOutboxRetainedMs);
  });
});
