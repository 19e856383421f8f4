// Goal: applying an entry costs the round trips counted here and no more (issue 12: every node
// applies every entry, so each statement is paid cluster-wide on every write).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEntries } from '../src/apply/apply-entries.ts';
import { EntryLog } from '../src/testing/entries.ts';
import { boardSetupEntries } from '../src/testing/workload.ts';
import { countingStatements } from './support/counted-database.ts';
import { createNodeDatabase, type NodeDatabase } from './support/node-database.ts';

let node: NodeDatabase;
const log = new EntryLog();
let counted: ReturnType<typeof countingStatements>;

beforeAll(async () => {
  node = await createNodeDatabase('round_trips');
  await applyEntries(node.db, boardSetupEntries(log).entries);
  counted = countingStatements(node.db);
});
afterAll(() => node.dispose());

function createTask(taskId: string, actor = 'u1') {
  const payload = { taskId, projectId: 'p0', statusId: 'p0-todo', title: taskId, position: 'a' };
  return log.command('task.create', actor, payload);
}

/** The statements one `applyEntries` call sends, each a round trip. */
async function statementsOf(entries: ReturnType<typeof createTask>[]) {
  counted.statements.length = 0;
  const result = await applyEntries(counted.db, entries);
  expect(result.entries).toHaveLength(entries.length);
  return [...counted.statements];
}

describe('round trips per applied entry', () => {
  it('applies a lone task.create in 11 statements', async () => {
    // begin, the applied-index CAS, the request-id lookup (with the horizon of forgotten ids),
    // role, status, the task, the project's event sequence and webhooks, the event, the
    // request id, the sequence, commit.
    expect(await statementsOf([createTask('lone')])).toHaveLength(11);
  });

  it('adds only its INSERT for each further task.create of the same project in a batch', async () => {
    // The role and the columns were read by the first one (ProjectMemo).
    const one = await statementsOf([createTask('one')]);
    const four = await statementsOf(['x', 'y', 'z', 'w'].map((id) => createTask(id)));
    expect(four.length - one.length).toBe(3);
  });

  it('records a command rejected before it wrote without a savepoint or a retry', async () => {
    const rejected = await statementsOf([createTask('by-viewer', 'u4')]);
    expect(rejected.filter((sql) => /savepoint|rollback/i.test(sql))).toEqual([]);
    expect(rejected).toHaveLength(6);
  });
});
