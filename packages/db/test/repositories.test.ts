// Goal: the read repositories answer the API's questions on MariaDB (plain query builder, no
// LATERAL joins): tasks by id and by keyset page with filters, comments, events after an
// index, notifications, attachments, share links, the outbox and the cluster tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import { attachmentContent, attachmentsOfTask } from '../src/repositories/attachment.ts';
import { clusterMembersList, recordedLeader } from '../src/repositories/cluster.ts';
import { commentsOfTaskPage, mentionedUserIds } from '../src/repositories/comment.ts';
import {
  eventsAfter,
  eventsOfEntity,
  eventsOfProjectAfter,
  eventsOfProjectAfterSeq,
} from '../src/repositories/event.ts';
import { notificationsOfUser, unreadNotificationCount } from '../src/repositories/notification.ts';
import { dueOutboxMessages, webhooksOfProject } from '../src/repositories/outbox.ts';
import { completedTasksPerDay, taskCountsByStatus } from '../src/repositories/report.ts';
import { findLiveShareLink, liveShareLinksOfTask } from '../src/repositories/share-link.ts';
import {
  assigneeIdsOfTasks,
  findTaskById,
  tasksOfProjectPage,
  taskTitlesOfProject,
} from '../src/repositories/task.ts';
import type { TaskRow } from '../src/schema/tasks.ts';
import { EntryLog, entryLogEpochMs } from '../src/testing/entries.ts';
import { boardSetupEntries } from '../src/testing/workload.ts';
import { createNodeDatabase, type NodeDatabase } from './support/node-database.ts';

let node: NodeDatabase;
const log = new EntryLog();

beforeAll(async () => {
  node = await createNodeDatabase('repositories');
  const { entries } = boardSetupEntries(log);
  for (let i = 0; i < 25; i += 1) {
    entries.push(
      log.command('task.create', 'u0', {
        taskId: `t${String(i).padStart(2, '0')}`,
        projectId: 'p0',
        statusId: i % 2 === 0 ? 'p0-todo' : 'p0-doing',
        title: `Task ${i}`,
        position: String.fromCharCode(97 + (i % 5)),
        priority: i % 3 === 0 ? 'high' : 'low',
        assigneeIds: i % 4 === 0 ? ['u1'] : [],
      }),
    );
  }
  entries.push(
    log.command('task.delete', 'u0', { taskId: 't24' }),
    log.command('comment.add', 'u0', { commentId: 'c1', taskId: 't00', body: 'hi @useru1' }),
    log.command('comment.add', 'u1', { commentId: 'c2', taskId: 't00', body: 'hello' }),
    log.command('attachment.add', 'u0', {
      attachmentId: 'a1',
      taskId: 't00',
      fileName: 'a.txt',
      contentType: 'text/plain',
      sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      contentBase64: Buffer.from('hello').toString('base64'),
    }),
    log.command('webhook.create', 'u0', {
      webhookId: 'w1',
      projectId: 'p0',
      url: 'https://example.com/hook',
      secret: 'sixteen-chars-secret',
      eventTypes: ['*'],
    }),
    log.command('task.update', 'u0', { taskId: 't01', changes: { title: 'Renamed' } }),
    log.command('cluster.leaderChanged', 'system', { nodeId: 'n1', term: 1 }),
  );
  await applyEntries(node.db, entries);
});
afterAll(() => node.dispose());

describe('task repository', () => {
  it('finds live tasks by id and not deleted ones', async () => {
    expect((await findTaskById(node.db, 't01'))?.title).toBe('Renamed');
    expect(await findTaskById(node.db, 't24')).toBeNull();
  });

  it('pages through a project in board order without gaps or repeats', async () => {
    const seen: TaskRow[] = [];
    let after: { position: string; id: string } | undefined;
    for (;;) {
      const page = await tasksOfProjectPage(node.db, 'p0', {
        limit: 7,
        ...(after ? { after } : {}),
      });
      seen.push(...page);
      const last = page.at(-1);
      if (!last || page.length < 7) break;
      after = { position: last.position, id: last.id };
    }
    expect(seen).toHaveLength(24);
    const keys = seen.map((task) => `${task.position}/${task.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('filters by status, priority, assignee and top-level', async () => {
    const todoHigh = await tasksOfProjectPage(node.db, 'p0', {
      filter: { statusIds: ['p0-todo'], priorities: ['high'] },
      limit: 100,
    });
    expect(todoHigh.map((task) => task.id).sort()).toEqual(['t00', 't06', 't12', 't18']);
    const mine = await tasksOfProjectPage(node.db, 'p0', {
      filter: { assigneeId: 'u1', parentId: null },
      limit: 100,
    });
    expect(mine.map((task) => task.id).sort()).toEqual(['t00', 't04', 't08', 't12', 't16', 't20']);
    const assignees = await assigneeIdsOfTasks(node.db, ['t00', 't01']);
    expect(Object.fromEntries(assignees)).toEqual({ t00: ['u1'], t01: [] });
  });

  it('lists every title of a project for a checker, the deleted task included', async () => {
    const titles = await taskTitlesOfProject(node.db, 'p0');
    expect(titles).toHaveLength(25);
    expect(titles).toContain('Renamed');
    expect(titles).toContain('Task 24');
    expect(await taskTitlesOfProject(node.db, 'no-such-project')).toEqual([]);
  });
});

describe('comments, attachments, notifications', () => {
  it('lists comments oldest first with mentions', async () => {
    const page = await commentsOfTaskPage(node.db, 't00', { limit: 1 });
    expect(page.map((comment) => comment.id)).toEqual(['c1']);
    const [first] = page;
    const next = await commentsOfTaskPage(node.db, 't00', {
      limit: 10,
      ...(first ? { after: { createdAt: first.createdAt, id: first.id } } : {}),
    });
    expect(next.map((comment) => comment.id)).toEqual(['c2']);
    expect(await mentionedUserIds(node.db, 'c1')).toEqual(['u1']);
  });

  it('serves attachments and their bytes', async () => {
    const [attachment] = await attachmentsOfTask(node.db, 't00');
    expect(attachment).toMatchObject({ fileName: 'a.txt', sizeBytes: 5 });
    const bytes = await attachmentContent(node.db, attachment?.sha256 ?? '');
    expect(bytes?.toString()).toBe('hello');
  });

  it('lists a user’s notifications newest first and counts unread ones', async () => {
    const all = await notificationsOfUser(node.db, 'u1', { limit: 100 });
    expect(all.map((n) => n.kind).slice(0, 2)).toEqual(['comment.mentioned', 'task.assigned']);
    expect(await unreadNotificationCount(node.db, 'u1')).toBe(all.length);
    const older = await notificationsOfUser(node.db, 'u1', {
      limit: 100,
      beforeIndex: all[0]?.logIndex ?? 0,
    });
    expect(older).toHaveLength(all.length - 1);
  });
});

describe('reports', () => {
  it('counts live tasks per column and completions per day', async () => {
    const counts = await taskCountsByStatus(node.db, 'p0');
    expect(counts.map((row) => [row.statusId, row.tasks])).toEqual([
      ['p0-todo', 12],
      ['p0-doing', 12],
      ['p0-done', 0],
    ]);
    await applyEntries(node.db, [
      log.command('task.move', 'u0', { taskId: 't02', statusId: 'p0-done', position: 'a' }),
      log.command('task.move', 'u0', { taskId: 't03', statusId: 'p0-done', position: 'b' }),
    ]);
    const perDay = await completedTasksPerDay(node.db, 'p0', {
      from: new Date(Date.UTC(2026, 0, 1)),
      to: new Date(Date.UTC(2026, 0, 2)),
    });
    expect(perDay).toEqual([{ day: '2026-01-01', completed: 2 }]);
  });
});

describe('share links', () => {
  it('lists a task’s live links and finds a live link by token hash', async () => {
    const expiresAt = entryLogEpochMs + 10_000_000;
    const link = (shareLinkId: string, taskId: string | null, at: number | null = null) =>
      log.command('shareLink.create', 'u0', {
        shareLinkId,
        projectId: 'p0',
        taskId,
        tokenHash: `token-hash-${shareLinkId}`,
        expiresAt: at,
      });
    await applyEntries(node.db, [
      link('sl-forever', 't02'),
      link('sl-expiring', 't02', expiresAt),
      link('sl-revoked', 't02'),
      link('sl-other-task', 't03'),
      link('sl-project', null),
      log.command('shareLink.revoke', 'u0', { shareLinkId: 'sl-revoked' }),
    ]);
    const idsAt = async (now: number) =>
      (await liveShareLinksOfTask(node.db, { taskId: 't02', now: new Date(now) })).map(
        (row) => row.id,
      );
    expect(await idsAt(expiresAt - 1)).toEqual(['sl-forever', 'sl-expiring']);
    expect(await idsAt(expiresAt)).toEqual(['sl-forever']);
    const found = await findLiveShareLink(
      node.db,
      'token-hash-sl-expiring',
      new Date(expiresAt - 1),
    );
    expect(found).toMatchObject({ id: 'sl-expiring', taskId: 't02', projectId: 'p0' });
    expect(await findLiveShareLink(node.db, 'token-hash-sl-expiring', new Date(expiresAt))).toBe(
      undefined,
    );
    expect(await findLiveShareLink(node.db, 'token-hash-sl-revoked', new Date(0))).toBe(undefined);
    expect(await findLiveShareLink(node.db, 'token-hash-unknown', new Date(0))).toBe(undefined);
  });
});

describe('events, outbox and cluster', () => {
  it('replays a project feed after an index and after a sequence number', async () => {
    const feed = await eventsOfProjectAfter(node.db, 'p0', 0, 1_000);
    expect(feed.map((event) => event.projectSeq)).toEqual(feed.map((_, i) => i + 1));
    const middle = feed[10];
    const tail = await eventsOfProjectAfter(node.db, 'p0', middle?.logIndex ?? 0, 1_000);
    expect(tail[0]?.logIndex).toBeGreaterThan(middle?.logIndex ?? 0);
    const bySeq = await eventsOfProjectAfterSeq(node.db, 'p0', 10, 5);
    expect(bySeq.map((event) => event.projectSeq)).toEqual([11, 12, 13, 14, 15]);
    const global = await eventsAfter(node.db, 0, 3);
    expect(global.map((event) => event.kind)).toEqual([
      'user.signedUp',
      'user.signedUp',
      'user.signedUp',
    ]);
    const history = await eventsOfEntity(node.db, { type: 'task', id: 't01' }, { limit: 10 });
    expect(history.map((event) => event.kind)).toEqual(['task.updated', 'task.created']);
  });

  it('hands the leader due outbox messages and the cluster view', async () => {
    const due = await dueOutboxMessages(node.db, new Date(Date.UTC(2030, 0, 1)));
    expect(due.length).toBeGreaterThan(0);
    expect(due.every((message) => message.webhookId === 'w1')).toBe(true);
    expect(await dueOutboxMessages(node.db, new Date(0))).toEqual([]);
    expect(await webhooksOfProject(node.db, 'p0')).toHaveLength(1);
    expect(await recordedLeader(node.db)).toMatchObject({ nodeId: 'n1', term: 1 });
    expect(await clusterMembersList(node.db)).toEqual([]);
  });
});
