// Goal: the read queries (the package's one read layer) answer the API's questions on MariaDB
// (plain query builder, no LATERAL joins): tasks by id and by page with filters, comments,
// events after an index, notifications, attachments, share links, report events and the
// cluster members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import {
  countComments,
  countNotifications,
  listComments,
  listNotifications,
  listProjectEvents,
  listTaskEvents,
  projectEventsAfter,
  projectSeqAt,
} from '../src/queries/activity.ts';
import {
  attachmentContent,
  attachmentsByIds,
  attachmentsOfTask,
} from '../src/queries/attachments.ts';
import { clusterMembersList } from '../src/queries/cluster.ts';
import { reportEventsMax, taskEventsUntil } from '../src/queries/reports.ts';
import { findLiveShareLink, liveShareLinksOfTask } from '../src/queries/share-links.ts';
import { listTaskPage, type TaskKeyset } from '../src/queries/task-pages.ts';
import {
  assigneesOfTasks,
  countTasks,
  type TaskOrder,
  type TaskQuery,
  tasksByIds,
  taskTitlesOfProject,
} from '../src/queries/tasks.ts';
import type { TaskRow } from '../src/schema/tasks.ts';
import { EntryLog, entryLogEpochMs } from '../src/testing/entries.ts';
import { boardSetupEntries } from '../src/testing/workload.ts';
import { createNodeDatabase, type NodeDatabase } from './support/node-database.ts';

let node: NodeDatabase;
const log = new EntryLog();

beforeAll(async () => {
  node = await createNodeDatabase('queries');
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

describe('tasks', () => {
  it('reads live tasks by id and skips deleted ones', async () => {
    const found = await tasksByIds(node.db, ['t01', 't24', 'no-such-task']);
    expect(found.map((task) => [task.id, task.title])).toEqual([['t01', 'Renamed']]);
    expect(await tasksByIds(node.db, [])).toEqual([]);
  });

  /** Every task of `query` in `order`, read `pageSize` at a time by keyset. */
  async function readAll(
    query: TaskQuery,
    order: TaskOrder,
    options: { pageSize: number; backward?: boolean },
  ): Promise<TaskRow[]> {
    const seen: TaskRow[] = [];
    let after: TaskKeyset | null = null;
    for (;;) {
      const page = await listTaskPage(node.db, {
        ...query,
        order,
        after,
        limit: options.pageSize,
        backward: options.backward,
      });
      if (options.backward) seen.unshift(...page.map((row) => row.task));
      else seen.push(...page.map((row) => row.task));
      const edge = options.backward ? page[0] : page.at(-1);
      if (page.length < options.pageSize || !edge) return seen;
      after = edge.keyset;
    }
  }

  it('pages through a project in board order without gaps or repeats', async () => {
    const query: TaskQuery = { projectIds: ['p0'] };
    expect(await countTasks(node.db, query)).toBe(24);
    const seen = await readAll(query, { field: 'position', direction: 'asc' }, { pageSize: 7 });
    expect(new Set(seen.map((task) => task.id)).size).toBe(24);
    // Board order: column by column (to-do before doing), then position, then id.
    const keys = seen.map(
      (task) => `${task.statusId === 'p0-todo' ? 0 : 1}/${task.position}/${task.id}`,
    );
    expect(keys).toEqual([...keys].sort());
  });

  it('reads every order the same forwards and backwards, and one column alone', async () => {
    const query: TaskQuery = { projectIds: ['p0'] };
    for (const field of ['created', 'updated', 'due', 'priority', 'position'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const order = { field, direction };
        const forwards = await readAll(query, order, { pageSize: 5 });
        const backwards = await readAll(query, order, { pageSize: 5, backward: true });
        expect(forwards.map((task) => task.id)).toHaveLength(24);
        expect(backwards.map((task) => task.id)).toEqual(forwards.map((task) => task.id));
      }
    }
    const column = await readAll(
      { ...query, statusId: 'p0-doing' },
      { field: 'position', direction: 'asc' },
      { pageSize: 4 },
    );
    expect(column.map((task) => task.statusId)).toEqual(Array(12).fill('p0-doing'));
    const wrongOrder = { segment: 'all', keys: ['x', 'y'] };
    await expect(
      listTaskPage(node.db, {
        ...query,
        order: { field: 'position', direction: 'asc' },
        after: wrongOrder,
        limit: 5,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('finds tasks by words: prefixes of indexed words, short words and stopwords anywhere', async () => {
    const ids = async (text: string) =>
      (
        await listTaskPage(node.db, {
          projectIds: ['p0'],
          filter: { text },
          order: { field: 'created', direction: 'asc' },
          after: null,
          limit: 100,
        })
      ).map((row) => row.task.id);
    expect(await ids('renamed')).toEqual(['t01']);
    expect(await ids('RENA')).toEqual(['t01']);
    expect(await ids('task 13')).toEqual(['t13']);
    // "1" is shorter than the index's words: it matches anywhere, "Task 21" included.
    const teens = ['t10', 't11', 't12', 't13', 't14', 't15', 't16', 't17', 't18', 't19'];
    expect(await ids('task 1')).toEqual([...teens, 't21']);
    expect(await ids('the task')).toEqual([]);
    expect(await ids('ask')).toEqual([]);
    expect(await ids('%')).toEqual([]);
  });

  it('filters by status, priority, assignee and top-level', async () => {
    const ids = async (filter: TaskQuery['filter']) =>
      (
        await listTaskPage(node.db, {
          projectIds: ['p0'],
          filter,
          order: { field: 'created', direction: 'asc' },
          after: null,
          limit: 100,
        })
      ).map((row) => row.task.id);
    expect(await ids({ status: { id: { eq: 'p0-todo' } }, priority: { eq: 'high' } })).toEqual([
      't00',
      't06',
      't12',
      't18',
    ]);
    expect(await ids({ assignee: { id: { eq: 'u1' } }, parent: { null: true } })).toEqual([
      't00',
      't04',
      't08',
      't12',
      't16',
      't20',
    ]);
    const assignees = await assigneesOfTasks(node.db, ['t00', 't01']);
    expect(assignees.map((row) => [row.taskId, row.user.id])).toEqual([['t00', 'u1']]);
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
  it('lists comments oldest first, one page at a time', async () => {
    const first = await listComments(node.db, 't00', { offset: 0, limit: 1 });
    expect(first.map((comment) => comment.id)).toEqual(['c1']);
    const next = await listComments(node.db, 't00', { offset: 1, limit: 10 });
    expect(next.map((comment) => comment.id)).toEqual(['c2']);
    expect(await countComments(node.db, 't00')).toBe(2);
    expect(await countComments(node.db, 't01')).toBe(0);
  });

  it('serves attachments and their bytes', async () => {
    const [attachment] = await attachmentsOfTask(node.db, 't00');
    expect(attachment).toMatchObject({ id: 'a1', fileName: 'a.txt', sizeBytes: 5 });
    expect((await attachmentsByIds(node.db, ['a1', 'no-such'])).map((a) => a.id)).toEqual(['a1']);
    const bytes = await attachmentContent(node.db, attachment?.sha256 ?? '');
    expect(bytes?.toString()).toBe('hello');
    expect(await attachmentContent(node.db, '0'.repeat(64))).toBeNull();
  });

  it('lists a user’s notifications newest first and counts unread ones', async () => {
    const all = await listNotifications(node.db, 'u1', {
      unreadOnly: false,
      offset: 0,
      limit: 100,
    });
    expect(all.map((n) => n.kind).slice(0, 2)).toEqual(['comment.mentioned', 'task.assigned']);
    expect(await countNotifications(node.db, 'u1', true)).toBe(all.length);
    const older = await listNotifications(node.db, 'u1', {
      unreadOnly: true,
      offset: 1,
      limit: 100,
    });
    expect(older).toEqual(all.slice(1));
  });
});

describe('reports', () => {
  it('replays a project’s task events up to a moment, oldest first and bounded', async () => {
    await applyEntries(node.db, [
      log.command('task.move', 'u0', { taskId: 't02', statusId: 'p0-done', position: 'a' }),
    ]);
    const all = await taskEventsUntil(
      node.db,
      'p0',
      new Date(Date.UTC(2030, 0, 1)),
      reportEventsMax,
    );
    expect(all.map((event) => event.kind)).toContain('task.moved');
    expect(all.every((event) => event.kind.startsWith('task.'))).toBe(true);
    const indexes = all.map((event) => event.logIndex);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(await taskEventsUntil(node.db, 'p0', new Date(Date.UTC(2030, 0, 1)), 3)).toEqual(
      all.slice(0, 3),
    );
    expect(await taskEventsUntil(node.db, 'p0', new Date(0), reportEventsMax)).toEqual([]);
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

describe('events and cluster', () => {
  it('replays a project feed after an index, by page and by task', async () => {
    const feed = await projectEventsAfter(node.db, 'p0', { afterIndex: 0 }, 1_000);
    expect(feed.map((event) => event.projectSeq)).toEqual(feed.map((_, i) => i + 1));
    const middle = feed[10];
    const tail = await projectEventsAfter(
      node.db,
      'p0',
      { afterIndex: middle?.logIndex ?? 0, afterOrdinal: middle?.ordinal ?? 0 },
      1_000,
    );
    expect(tail).toEqual(feed.slice(11));
    expect(await projectSeqAt(node.db, 'p0', middle?.logIndex ?? 0)).toBe(middle?.projectSeq);
    const page = await listProjectEvents(node.db, 'p0', { afterIndex: 0, offset: 10, limit: 5 });
    expect(page.map((event) => event.projectSeq)).toEqual([11, 12, 13, 14, 15]);
    const history = await listTaskEvents(node.db, 'p0', 't01', { offset: 0, limit: 10 });
    expect(history.map((event) => event.kind)).toEqual(['task.created', 'task.updated']);
  });

  it('lists the cluster members the log recorded, by node id', async () => {
    expect(await clusterMembersList(node.db)).toEqual([]);
    await applyEntries(node.db, [
      log.raw(JSON.stringify({ type: 'addLearner', nodeId: 'n2' }), 'confChange'),
      log.command('cluster.memberUpdate', 'system', {
        nodeId: 'n1',
        peerUrl: 'http://127.0.0.1:7001',
        httpUrl: 'http://127.0.0.1:8001',
      }),
    ]);
    const members = await clusterMembersList(node.db);
    expect(members.map((m) => [m.nodeId, m.role, m.httpUrl])).toEqual([
      ['n1', 'voter', 'http://127.0.0.1:8001'],
      ['n2', 'learner', null],
    ]);
  });
});
