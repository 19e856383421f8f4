// Goal: a calendar feed is found only by the hash of a live token, and shows exactly the dated,
// live tasks its owner may still read (a project's, or those assigned to them), due latest
// first and at most `calendarFeedTasksMax`, reading along indexes that exist.
import type { Entry } from '@raftboard/raft';
import { drizzle } from 'drizzle-orm/mysql2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import type { Executor } from '../src/client.ts';
import {
  calendarDescriptionCharsMax,
  calendarFeedTasksMax,
  findLiveCalendarFeed,
  liveCalendarFeedsOfUser,
  tasksOfCalendarFeed,
} from '../src/queries/calendar-feeds.ts';
import * as schema from '../src/schema/index.ts';
import { EntryLog } from '../src/testing/entries.ts';
import { boardSetupEntries } from '../src/testing/workload.ts';
import { createNodeDatabase, type NodeDatabase } from './support/node-database.ts';

let node: NodeDatabase;
const log = new EntryLog();
const hash = (name: string) => `calendar-hash-${name}`.padEnd(64, '0');

/** Applies `entries` and fails on any rejection, so a typo in the setup cannot pass silently. */
async function applyAll(entries: Entry[]): Promise<void> {
  const result = await applyEntries(node.db, entries);
  const refused = result.entries.filter((entry) => entry.outcome && !entry.outcome.ok);
  expect(refused.map((entry) => entry.outcome)).toEqual([]);
}

const statuses = (projectId: string) =>
  ['todo', 'done'].map((name, i) => ({
    statusId: `${projectId}-${name}`,
    name,
    category: i === 0 ? ('unstarted' as const) : ('completed' as const),
    position: String(i),
  }));

/** Tasks of project p2 (owned by u0), all assigned to u0, one a day: one more than a feed shows. */
const bigTaskCount = calendarFeedTasksMax + 1;
const bigDay = (i: number) =>
  new Date(Date.UTC(2030, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

function bigProjectEntries(): Entry[] {
  const perImport = 500;
  const entries = [
    log.command('project.create', 'u0', { projectId: 'p2', name: 'Big', statuses: statuses('p2') }),
  ];
  for (let start = 0; start < bigTaskCount; start += perImport) {
    const count = Math.min(perImport, bigTaskCount - start);
    const tasks = Array.from({ length: count }, (_, i) => ({
      title: `Big ${start + i}`,
      dueDate: bigDay(start + i),
      assigneeIds: ['u0'],
    }));
    entries.push(log.command('task.import', 'u0', { projectId: 'p2', tasks }));
  }
  return entries;
}

beforeAll(async () => {
  node = await createNodeDatabase('calendar_feeds');
  // u0 owns p0; u1 and u2 are members, u3 a viewer. u2 owns p1, where u1 is a member too.
  const { entries } = boardSetupEntries(log, { userCount: 4 });
  const task = (
    taskId: string,
    projectId: string,
    fields: { dueDate?: string | null; assigneeIds?: string[] },
  ) =>
    log.command('task.create', projectId === 'p0' ? 'u0' : 'u2', {
      taskId,
      projectId,
      title: `Title ${taskId}`,
      description: `${taskId} `.repeat(200),
      ...fields,
    });
  entries.push(
    log.command('project.create', 'u2', {
      projectId: 'p1',
      name: 'Other',
      statuses: statuses('p1'),
    }),
    log.command('member.add', 'u2', { projectId: 'p1', userId: 'u1', role: 'member' }),
    task('tDue', 'p0', { dueDate: '2026-03-01', assigneeIds: ['u1'] }),
    task('tLater', 'p0', { dueDate: '2026-04-01' }),
    task('tUndated', 'p0', { assigneeIds: ['u1'] }),
    task('tDeleted', 'p0', { dueDate: '2026-05-01', assigneeIds: ['u1'] }),
    log.command('task.delete', 'u0', { taskId: 'tDeleted' }),
    task('tElsewhere', 'p1', { dueDate: '2026-02-01', assigneeIds: ['u1'] }),
    task('tNotMine', 'p1', { dueDate: '2026-02-02', assigneeIds: ['u2'] }),
    log.command('calendarFeed.create', 'u3', {
      feedId: 'f-project',
      projectId: 'p0',
      tokenHash: hash('project'),
    }),
    log.command('calendarFeed.create', 'u1', {
      feedId: 'f-mine',
      projectId: null,
      tokenHash: hash('mine'),
    }),
    log.command('calendarFeed.create', 'u1', {
      feedId: 'f-revoked',
      projectId: 'p1',
      tokenHash: hash('revoked'),
    }),
    log.command('calendarFeed.revoke', 'u1', { feedId: 'f-revoked' }),
    ...bigProjectEntries(),
  );
  await applyAll(entries);
  // Statistics as a long-running node would have them, so the plans below are the real ones.
  await node.db.$client.query(
    'ANALYZE TABLE tasks, task_assignees, project_members, projects, statuses, calendar_feeds',
  );
});
afterAll(() => node.dispose());

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

describe('calendar feed queries', () => {
  it('finds a feed by the hash of a live token only, and lists a person’s live feeds', async () => {
    expect((await findLiveCalendarFeed(node.db, hash('project')))?.id).toBe('f-project');
    expect(await findLiveCalendarFeed(node.db, hash('revoked'))).toBeUndefined();
    expect(await findLiveCalendarFeed(node.db, hash('unknown'))).toBeUndefined();
    expect(ids(await liveCalendarFeedsOfUser(node.db, 'u1'))).toEqual(['f-mine']);
    expect(ids(await liveCalendarFeedsOfUser(node.db, 'u0'))).toEqual([]);
  });

  it('shows a project’s dated live tasks, due latest first, with project and status', async () => {
    const rows = await tasksOfCalendarFeed(node.db, { userId: 'u3', projectId: 'p0' });
    expect(ids(rows)).toEqual(['tLater', 'tDue']);
    expect(rows[1]).toMatchObject({
      title: 'Title tDue',
      dueDate: '2026-03-01',
      projectName: 'p0',
      statusName: 'p0-todo',
    });
    expect(rows[1]?.descriptionStart).toHaveLength(calendarDescriptionCharsMax);
  });

  it('shows a person the dated live tasks assigned to them across their projects', async () => {
    const rows = await tasksOfCalendarFeed(node.db, { userId: 'u1', projectId: null });
    expect(ids(rows)).toEqual(['tDue', 'tElsewhere']);
    expect(rows.map((row) => row.projectName)).toEqual(['p0', 'Other']);
  });

  it('stops showing a project once the feed’s owner leaves it', async () => {
    await applyAll([
      log.command('member.remove', 'u2', { projectId: 'p1', userId: 'u1' }),
      log.command('member.remove', 'u0', { projectId: 'p0', userId: 'u3' }),
    ]);
    expect(await tasksOfCalendarFeed(node.db, { userId: 'u3', projectId: 'p0' })).toEqual([]);
    const mine = await tasksOfCalendarFeed(node.db, { userId: 'u1', projectId: null });
    expect(ids(mine)).toEqual(['tDue']);
  });

  it(`shows at most ${calendarFeedTasksMax} tasks, those due latest`, async () => {
    const latest = bigDay(bigTaskCount - 1);
    const project = await tasksOfCalendarFeed(node.db, { userId: 'u0', projectId: 'p2' });
    expect(project).toHaveLength(calendarFeedTasksMax);
    expect([project[0]?.dueDate, project.at(-1)?.dueDate]).toEqual([latest, bigDay(1)]);
    const mine = await tasksOfCalendarFeed(node.db, { userId: 'u0', projectId: null });
    expect(mine).toHaveLength(calendarFeedTasksMax);
    expect([mine[0]?.dueDate, mine.at(-1)?.dueDate]).toEqual([latest, bigDay(1)]);
  });
});

interface PlanRow {
  table: string | null;
  type: string | null;
  key: string | null;
  Extra: string | null;
}

/** The plans of the statements `run` sends, in order (each run through a recording handle). */
async function plansOf(run: (db: Executor) => Promise<unknown>): Promise<PlanRow[][]> {
  const statements: { text: string; params: unknown[] }[] = [];
  const logger = {
    logQuery: (text: string, params: unknown[]) => statements.push({ text, params }),
  };
  await run(drizzle({ client: node.db.$client, schema, mode: 'default', logger }));
  return Promise.all(
    statements.map(async ({ text, params }) => {
      const [rows] = await node.db.$client.query(`EXPLAIN ${text}`, params);
      return rows as PlanRow[];
    }),
  );
}

const keyOf = (rows: PlanRow[] | undefined, table: string) =>
  rows?.find((row) => row.table === table)?.key;

describe('calendar feed query plans', () => {
  it('finds a feed by its token hash through the unique index', async () => {
    const [rows] = await plansOf((db) => findLiveCalendarFeed(db, hash('project')));
    expect(keyOf(rows, 'calendar_feeds')).toBe('calendar_feeds_token_unique');
    const [listed] = await plansOf((db) => liveCalendarFeedsOfUser(db, 'u1'));
    expect(keyOf(listed, 'calendar_feeds')).toBe('calendar_feeds_user_idx');
  });

  it('reads a project feed backwards along tasks_project_due_idx, without a sort', async () => {
    const [rows] = await plansOf((db) =>
      tasksOfCalendarFeed(db, { userId: 'u0', projectId: 'p2' }),
    );
    expect(keyOf(rows, 'tasks')).toBe('tasks_project_due_idx');
    expect(JSON.stringify(rows)).not.toMatch(/filesort|temporary/i);
    expect(keyOf(rows, 'project_members')).toBe('PRIMARY');
  });

  it('reads a personal feed through indexes only, never scanning tasks', async () => {
    // The optimizer starts from the owner's memberships or from their assignments, whichever
    // its statistics say is smaller; either way it sorts one person's share, not the table.
    const [rows] = await plansOf((db) =>
      tasksOfCalendarFeed(db, { userId: 'u0', projectId: null }),
    );
    for (const table of ['tasks', 'task_assignees', 'project_members']) {
      const row = rows?.find((plan) => plan.table === table);
      expect(row?.key, table).toBeTruthy();
      expect(row?.type, table).not.toBe('ALL');
    }
  });
});
