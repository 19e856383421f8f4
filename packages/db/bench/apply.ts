// Measures replicated write throughput at the state machine: entries applied per second for
// one entry per transaction versus batches, and the cost of apply at 1k vs 100k tasks.
import type { Entry } from '@raftboard/raft';
import { applyEntries } from '../src/apply/apply-entries.ts';
import { closeDatabase, type Database, openDatabase } from '../src/client.ts';
import { migrateDatabase } from '../src/migrate.ts';
import {
  createDatabase,
  dropDatabase,
  provisionMysqlServer,
  uniqueDatabaseName,
} from '../src/provision/index.ts';
import { tasks } from '../src/schema/tasks.ts';
import { EntryLog, entryLogEpochMs } from '../src/testing/entries.ts';
import { boardSetupEntries, seededRandom, type WorkloadBoard } from '../src/testing/workload.ts';

const measuredEntries = Number(process.env.BENCH_ENTRIES ?? 800);
/** Each figure is the best of this many runs: the machine is shared, noise only slows. */
const repetitions = Number(process.env.BENCH_REPETITIONS ?? 3);
const batchSizes = [1, 16, 128];
const tableSizes = [1_000, 100_000];
const prefillRowsPerInsert = 2_000;

/** Task traffic: half creates, the rest updates and moves of tasks created so far. */
function trafficEntries(log: EntryLog, board: WorkloadBoard, count: number, known: string[]) {
  const random = seededRandom(42);
  const taskIds = [...known];
  const entries: Entry[] = [];
  for (let i = 0; i < count; i += 1) {
    const actor = board.userIds[1 + (i % 3)] ?? 'u1';
    const pick = taskIds[Math.floor(random() * taskIds.length)];
    if (pick === undefined || random() < 0.5) {
      const taskId = `bench-${log.index}`;
      taskIds.push(taskId);
      const statusId = board.statusIds[0] ?? '';
      const payload = {
        taskId,
        projectId: board.projectId,
        statusId,
        title: taskId,
        position: 'm',
      };
      entries.push(log.command('task.create', actor, payload));
    } else if (random() < 0.6) {
      const changes = { title: `Renamed ${i}`, priority: 'high' as const };
      entries.push(log.command('task.update', actor, { taskId: pick, changes }));
    } else {
      const statusId = board.statusIds[1 + Math.floor(random() * 2)] ?? '';
      entries.push(log.command('task.move', actor, { taskId: pick, statusId, position: 'n' }));
    }
  }
  return entries;
}

async function freshBoard(serverUrl: string) {
  const name = uniqueDatabaseName('bench_apply');
  const db = openDatabase(await createDatabase(serverUrl, name));
  await migrateDatabase(db);
  const log = new EntryLog();
  const { board, entries } = boardSetupEntries(log);
  await applyEntries(db, entries);
  return { name, db, log, board };
}

async function prefillTasks(db: Database, board: WorkloadBoard, count: number) {
  const at = new Date(entryLogEpochMs);
  const ids: string[] = [];
  for (let start = 0; start < count; start += prefillRowsPerInsert) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + prefillRowsPerInsert); i += 1) {
      const id = `pre-${i}`;
      ids.push(id);
      rows.push({
        id,
        projectId: board.projectId,
        statusId: board.statusIds[i % 3] ?? '',
        title: `Prefilled ${i}`,
        description: '',
        position: i.toString(36),
        version: 1,
        createdBy: 'u0',
        createdAt: at,
        updatedAt: at,
      });
    }
    await db.insert(tasks).values(rows);
  }
  return ids;
}

async function timeApply(db: Database, entries: readonly Entry[], batchSize: number) {
  const started = performance.now();
  for (let start = 0; start < entries.length; start += batchSize) {
    await applyEntries(db, entries.slice(start, start + batchSize));
  }
  const seconds = (performance.now() - started) / 1_000;
  return { perSecond: entries.length / seconds, msPerEntry: (seconds * 1_000) / entries.length };
}

async function measure(serverUrl: string, prefill: number, batchSize: number) {
  const { name, db, log, board } = await freshBoard(serverUrl);
  try {
    const known = await prefillTasks(db, board, prefill);
    const runs = [];
    for (let run = 0; run < repetitions; run += 1) {
      runs.push(await timeApply(db, trafficEntries(log, board, measuredEntries, known), batchSize));
    }
    return runs.sort((a, b) => a.msPerEntry - b.msPerEntry);
  } finally {
    await closeDatabase(db);
    await dropDatabase(serverUrl, name);
  }
}

function row(label: number, runs: { perSecond: number; msPerEntry: number }[], width: number) {
  const best = runs[0];
  const median = runs[Math.floor(runs.length / 2)];
  if (!best || !median) return '';
  const cells = [
    String(label).padStart(width),
    best.perSecond.toFixed(0).padStart(9),
    best.msPerEntry.toFixed(2).padStart(8),
    median.perSecond.toFixed(0).padStart(16),
  ];
  return cells.join(' | ');
}

async function main() {
  const server = await provisionMysqlServer();
  console.log(`server ${server.url} (${server.source}); best and median of ${repetitions} runs`);
  console.log(`of ${measuredEntries} entries (task create/update/move traffic)\n`);
  console.log('batch size | entries/s | ms/entry | median entries/s   (1k tasks in the table)');
  for (const batchSize of batchSizes) {
    console.log(row(batchSize, await measure(server.url, 1_000, batchSize), 10));
  }
  console.log('\ntasks in table | entries/s | ms/entry | median entries/s   (batches of 16)');
  for (const size of tableSizes) {
    console.log(row(size, await measure(server.url, size, 16), 14));
  }
  await server.stop();
}

await main();
