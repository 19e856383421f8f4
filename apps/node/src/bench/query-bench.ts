// bench:queries — how fast the board, list, search and report reads answer on one project of
// 100,000 tasks. Seeds a fresh database through the real apply path (task.create commands,
// `applyBatchEntriesMax` to a transaction, no cluster), then prints p50/p99 of each read.
import { applyEntries } from '@raftboard/db/apply';
import { closeDatabase, openDatabase } from '@raftboard/db/client';
import { migrateDatabase } from '@raftboard/db/migrate';
import {
  createDatabase,
  dropDatabase,
  provisionMysqlServer,
  uniqueDatabaseName,
} from '@raftboard/db/provision';
import { EntryLog, entryLogEpochMs } from '@raftboard/db/testing/entries';
import {
  boardSetupEntries,
  seededRandom,
  type WorkloadBoard,
} from '@raftboard/db/testing/workload';
import type { Entry } from '@raftboard/raft';
import { measureProjectQueries, queryLatencyTable } from './query-latency.ts';
import { numericSettings } from './settings.ts';

const usage = 'usage: npm run bench:queries -- [--tasks 100000] [--runs 200]';
const settings = numericSettings(
  {
    tasks: { default: 100_000, min: 100, max: 1_000_000, integer: true },
    runs: { default: 200, min: 1, max: 10_000, integer: true },
  },
  usage,
);

/** Entries handed to one `applyEntries` call while seeding. */
const seedEntriesPerCall = 4_096;
/** Title words: `rare` is in one title of 500, `common` in one of 10. */
const fillerWords = ['login', 'page', 'button', 'report', 'export', 'email', 'cache', 'sync'];
const priorities = ['none', 'low', 'medium', 'high', 'urgent'] as const;

/** The i-th seeded task.create: columns, priorities, due days and words spread by a seed. */
function taskCreate(log: EntryLog, board: WorkloadBoard, i: number, random: () => number) {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const words = [pick(fillerWords), pick(fillerWords), `item${i}`];
  if (i % 500 === 7) words.push('rare');
  if (i % 10 === 3) words.push('common');
  const dueDay = 1 + Math.floor(random() * 28);
  return log.command('task.create', pick(board.userIds.slice(0, -1)), {
    taskId: `task-${i}`,
    projectId: board.projectId,
    statusId: pick(board.statusIds),
    title: words.join(' '),
    description: `Steps: open the ${pick(fillerWords)} and check the ${pick(fillerWords)}.`,
    priority: pick(priorities),
    dueDate: random() < 0.4 ? null : `2026-02-${String(dueDay).padStart(2, '0')}`,
  });
}

async function seed(url: string, taskCount: number) {
  const db = openDatabase(url);
  await migrateDatabase(db);
  const log = new EntryLog();
  const { board, entries } = boardSetupEntries(log);
  await applyEntries(db, entries);
  const random = seededRandom(13);
  const started = performance.now();
  for (let start = 0; start < taskCount; start += seedEntriesPerCall) {
    const batch: Entry[] = [];
    for (let i = start; i < Math.min(taskCount, start + seedEntriesPerCall); i += 1) {
      batch.push(taskCreate(log, board, i, random));
    }
    await applyEntries(db, batch);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`seeded ${taskCount} tasks through apply in ${seconds.toFixed(0)} s`);
  await db.execute('ANALYZE TABLE tasks, events, statuses');
  return { db, board };
}

async function main() {
  const server = await provisionMysqlServer();
  const name = uniqueDatabaseName('bench_queries');
  const url = await createDatabase(server.url, name);
  const { db, board } = await seed(url, settings.tasks);
  try {
    const epoch = new Date(entryLogEpochMs);
    const results = await measureProjectQueries(
      db,
      {
        projectId: board.projectId,
        columns: board.statusIds.map((statusId) => ({ statusId, name: statusId })),
        searchWords: ['rare', 'common', 'login page'],
        reportWindow: { from: epoch, to: new Date(entryLogEpochMs + 30 * 86_400_000) },
      },
      settings.runs,
    );
    console.log(`\n${settings.tasks} tasks, ${settings.runs} runs each, one at a time\n`);
    console.log(queryLatencyTable(results));
  } finally {
    await closeDatabase(db);
    await dropDatabase(server.url, name);
    await server.stop();
  }
}

await main();
