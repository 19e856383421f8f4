// Goal: the queries that run once per write, or on every board view, read along an index, so
// they cost the same at 100 tasks and at 100,000. MySQL's EXPLAIN says which index a query uses
// and whether it sorts; a plan that sorts a whole column makes every create O(column).
// Regression: the last position of a column, and a card's neighbour when it is moved, were
// looked up by status alone, which no index leads with in position order, so each create and
// each move sorted the whole column.
// Regression: the board order sorted by a correlated status-position subquery, so every page
// sorted the whole project (324 ms at 100,000 tasks), and text search scanned it with LIKE.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import type { Executor } from '../src/client.ts';
import { reportEventsMax, taskEventsUntil } from '../src/queries/reports.ts';
import { listTaskPage, type TaskPageRequest } from '../src/queries/task-pages.ts';
import { countTasks, neighbourPositionQuery, type TaskOrderField } from '../src/queries/tasks.ts';
import * as schema from '../src/schema/index.ts';
import { EntryLog } from '../src/testing/entries.ts';
import { boardSetupEntries } from '../src/testing/workload.ts';
import { createNodeDatabase, type NodeDatabase } from './support/node-database.ts';

let node: NodeDatabase;
const log = new EntryLog();
const { board, entries: setup } = boardSetupEntries(log);
const [todo = '', doing = '', done = ''] = board.statusIds;

beforeAll(async () => {
  node = await createNodeDatabase('query_plans');
  const priorities = ['none', 'low', 'medium', 'high', 'urgent'] as const;
  const tasks = Array.from({ length: 1200 }, (_, i) =>
    log.command('task.create', board.userIds[0] ?? 'u0', {
      taskId: `t${i}`,
      projectId: board.projectId,
      statusId: i % 6 === 0 ? doing : i % 6 === 1 ? done : todo,
      title: `Task ${i} ${i % 50 === 0 ? 'needle' : 'hay'}`,
      priority: priorities[i % 5] ?? 'none',
      dueDate: i % 3 === 0 ? null : `2026-0${1 + (i % 9)}-1${i % 10}`,
    }),
  );
  await applyEntries(node.db, [...setup, ...tasks]);
  await node.db.execute(sql`ANALYZE TABLE tasks`);
});
afterAll(() => node.dispose());

interface PlanRow {
  table: string | null;
  key: string | null;
  Extra: string | null;
}

/** MySQL's plan for a Drizzle query, one row per table it reads. */
async function plan(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<PlanRow[]> {
  const { sql: text, params } = query.toSQL();
  return explain(text, params);
}

async function explain(text: string, params: unknown[]): Promise<PlanRow[]> {
  const [rows] = await node.db.$client.query(`EXPLAIN ${text}`, params);
  return rows as PlanRow[];
}

/** The plans of the statements `run` sends, in order (each run through a recording handle). */
async function plansOf(run: (db: Executor) => Promise<unknown>): Promise<PlanRow[][]> {
  const statements: { text: string; params: unknown[] }[] = [];
  const logger = {
    logQuery: (text: string, params: unknown[]) => statements.push({ text, params }),
  };
  await run(drizzle({ client: node.db.$client, schema, mode: 'default', logger }));
  return Promise.all(statements.map(({ text, params }) => explain(text, params)));
}

/** The plans of the task queries a first and a second page run (statuses lookups left out). */
async function pagePlans(request: Omit<TaskPageRequest, 'after'>): Promise<PlanRow[][]> {
  const plans = await plansOf(async (db) => {
    const page = await listTaskPage(db, { ...request, after: null });
    // A later page too: the keyset condition must stay a range on the same index.
    const last = page.at(-1);
    if (last) await listTaskPage(db, { ...request, after: last.keyset });
  });
  return plans.filter((rows) => rows[0]?.table === 'tasks');
}

/** The index each order reads along (InnoDB appends the id to every secondary index). */
const indexOfOrder: Record<TaskOrderField, string> = {
  position: 'tasks_board_idx',
  created: 'tasks_project_created_idx',
  updated: 'tasks_project_updated_idx',
  due: 'tasks_project_due_idx',
  priority: 'tasks_project_priority_idx',
};

describe('query plans', () => {
  it('finds a column’s end and a card’s neighbours along the board index, without a sort', async () => {
    const column = { projectId: board.projectId, statusId: todo };
    // The first is how task.create finds the bottom of a column; the others, moveTask.
    for (const from of [
      { position: null, side: 'before' as const },
      { position: 'm', side: 'after' as const },
      { position: 'm', side: 'before' as const },
    ]) {
      const rows = await plan(neighbourPositionQuery(node.db, column, from));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.key).toBe('tasks_board_idx');
      expect(rows[0]?.Extra ?? '').not.toMatch(/filesort/i);
    }
    const end = { position: null, side: 'before' as const };
    const [last] = await neighbourPositionQuery(node.db, { ...column, statusId: doing }, end);
    expect(last?.position).toBeDefined();
  });

  it('pages every list order and one board column along an index, without a sort', async () => {
    const projectIds = [board.projectId];
    for (const field of Object.keys(indexOfOrder) as TaskOrderField[]) {
      for (const direction of ['asc', 'desc'] as const) {
        const plans = await pagePlans({ projectIds, order: { field, direction }, limit: 50 });
        expect(plans.length, `${field} ${direction}`).toBeGreaterThanOrEqual(2);
        for (const rows of plans) {
          expect(rows, `${field} ${direction}`).toHaveLength(1);
          expect(rows[0]?.key, `${field} ${direction}`).toBe(indexOfOrder[field]);
          expect(rows[0]?.Extra ?? '', `${field} ${direction}`).not.toMatch(/filesort/i);
        }
      }
    }
    const column = { projectIds, statusId: doing, limit: 50 };
    const plans = await pagePlans({ ...column, order: { field: 'position', direction: 'asc' } });
    expect(plans.map((rows) => rows[0]?.key)).toEqual(['tasks_board_idx', 'tasks_board_idx']);
  });

  it('searches words through the FULLTEXT index', async () => {
    const order = { field: 'updated', direction: 'desc' } as const;
    const plans = await pagePlans({
      projectIds: [board.projectId],
      order,
      limit: 50,
      filter: { text: 'needle' },
    });
    expect(plans[0]?.[0]?.key).toBe('tasks_text_idx');
    const page = await listTaskPage(node.db, {
      projectIds: [board.projectId],
      order,
      limit: 50,
      after: null,
      filter: { text: 'needle' },
    });
    expect(page).toHaveLength(24);
  });

  it('counts a column and reads the report’s events along an index', async () => {
    const column = { projectIds: [board.projectId], statusId: doing };
    const [counted = []] = await plansOf((db) => countTasks(db, column));
    // The foreign-key index (status_id, id) or the board index: either is a range, not a scan.
    expect(counted[0]?.key).toMatch(/^tasks_(board_idx|status_id)/);
    expect(await countTasks(node.db, column)).toBe(200);
    const to = new Date('2100-01-01');
    const [events = []] = await plansOf((db) =>
      taskEventsUntil(db, board.projectId, to, reportEventsMax + 1),
    );
    expect(events[0]?.key).toBe('events_project_index_idx');
    expect(events[0]?.Extra ?? '').not.toMatch(/filesort/i);
  });
});
