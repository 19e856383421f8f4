// Goal: the queries that run once per write, or on every board view, read along an index, so
// they cost the same at 100 tasks and at 100,000. MySQL's EXPLAIN says which index a query uses
// and whether it sorts; a plan that sorts a whole column makes every create O(column).
// Regression: the last position of a column, and a card's neighbour when it is moved, were
// looked up by status alone, which no index leads with in position order, so each create and
// each move sorted the whole column.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import { neighbourPositionQuery } from '../src/queries/tasks.ts';
import { EntryLog } from '../src/testing/entries.ts';
import { boardSetupEntries } from '../src/testing/workload.ts';
import { createNodeDatabase, type NodeDatabase } from './support/node-database.ts';

let node: NodeDatabase;
const log = new EntryLog();
const { board, entries: setup } = boardSetupEntries(log);
const [todo = '', doing = ''] = board.statusIds;

beforeAll(async () => {
  node = await createNodeDatabase('query_plans');
  const tasks = Array.from({ length: 600 }, (_, i) =>
    log.command('task.create', board.userIds[0] ?? 'u0', {
      taskId: `t${i}`,
      projectId: board.projectId,
      statusId: i % 6 === 0 ? doing : todo,
      title: `Task ${i}`,
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
  const [rows] = await node.db.$client.query(`EXPLAIN ${text}`, params);
  return rows as PlanRow[];
}

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
});
