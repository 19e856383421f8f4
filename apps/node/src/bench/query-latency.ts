import type { Database } from '@raftboard/db/client';
import { statusesOfProject } from '@raftboard/db/queries/projects';
import { reportEventsMax, taskEventsUntil } from '@raftboard/db/queries/reports';
import { listTaskPage, type TaskKeyset } from '@raftboard/db/queries/task-pages';
import { countTasks, type TaskOrder, type TaskQuery } from '@raftboard/db/queries/tasks';
import { buildProjectReport } from '@raftboard/schema/reports/project-report';
import { type LatencySummary, summarize } from './measure.ts';

/** One measured read of a project: what it is, and its latency over the runs. */
export interface QueryLatency extends LatencySummary {
  name: string;
}

/** What `measureProjectQueries` reads: a project, its columns, and words to search. */
export interface MeasuredProject {
  projectId: string;
  /** The board's columns, in board order, with a name to print. */
  columns: { statusId: string; name: string }[];
  /** Words to search for, each measured on its own (e.g. a rare one and a common one). */
  searchWords: string[];
  /** The report window (the API takes at most a year). */
  reportWindow: { from: Date; to: Date };
}

/** The page size the board and the list ask for. */
const pageSize = 50;
/** How deep the "later page" is read: this many pages in. */
const laterPageDepth = 200;

/** Runs `operation` `runs` times one after another (after a few unmeasured warm-up runs). */
async function timeRuns(runs: number, operation: () => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < Math.min(5, runs); i += 1) await operation();
  const latencies: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await operation();
    latencies.push(performance.now() - started);
  }
  return summarize(latencies);
}

/** A keyset `depth` pages into `order` (read once, unmeasured), or null past the end. */
async function keysetAtDepth(db: Database, query: TaskQuery, order: TaskOrder, depth: number) {
  let after: TaskKeyset | null = null;
  for (let page = 0; page < depth; page += 1) {
    const rows = await listTaskPage(db, { ...query, order, after, limit: pageSize });
    const last = rows.at(-1);
    if (!last) return after;
    after = last.keyset;
  }
  return after;
}

/** The report as the API builds it (see Project.report): events read, then replayed. */
async function projectReport(db: Database, project: MeasuredProject) {
  const { from, to } = project.reportWindow;
  const events = await taskEventsUntil(db, project.projectId, to, reportEventsMax + 1);
  const statuses = await statusesOfProject(db, project.projectId);
  const categories = new Map(statuses.map((status) => [status.id, status.category]));
  return buildProjectReport(events, { from, to }, (id) => categories.get(id) ?? 'backlog');
}

/**
 * Times the reads a board, the list, search and reports make on one project, each `runs`
 * times in a row on one connection at a time (latency, not throughput): each column's first
 * board page, the list's first page in every order, a page `laterPageDepth` pages in by
 * cursor, a search per word, the task counts, and the report (its events query alone, then
 * with the replay). Reused by `bench:queries`; fit for any database holding such a project.
 */
export async function measureProjectQueries(
  db: Database,
  project: MeasuredProject,
  runs: number,
): Promise<QueryLatency[]> {
  const query: TaskQuery = { projectIds: [project.projectId] };
  const first =
    (order: TaskOrder, extra: Partial<TaskQuery> = {}) =>
    () =>
      listTaskPage(db, { ...query, ...extra, order, after: null, limit: pageSize });
  const position: TaskOrder = { field: 'position', direction: 'asc' };
  const measured: [string, () => Promise<unknown>][] = project.columns.map((column) => [
    `board: first page of column ${column.name}`,
    first(position, { statusId: column.statusId }),
  ]);
  const orders: TaskOrder[] = [
    position,
    { field: 'updated', direction: 'desc' },
    { field: 'created', direction: 'asc' },
    { field: 'due', direction: 'asc' },
    { field: 'priority', direction: 'desc' },
  ];
  for (const order of orders) {
    measured.push([`list: first page by ${order.field} ${order.direction}`, first(order)]);
  }
  const deep = await keysetAtDepth(db, query, position, laterPageDepth);
  measured.push([
    `list: page ${laterPageDepth + 1} by position, by cursor`,
    () => listTaskPage(db, { ...query, order: position, after: deep, limit: pageSize }),
  ]);
  for (const word of project.searchWords) {
    const updated: TaskOrder = { field: 'updated', direction: 'desc' };
    measured.push([`search: "${word}", first page`, first(updated, { filter: { text: word } })]);
    measured.push([
      `search: "${word}", count`,
      () => countTasks(db, { ...query, filter: { text: word } }),
    ]);
  }
  measured.push(['count: the project’s tasks', () => countTasks(db, query)]);
  const [firstColumn] = project.columns;
  if (firstColumn) {
    measured.push([
      `count: column ${firstColumn.name}`,
      () => countTasks(db, { ...query, statusId: firstColumn.statusId }),
    ]);
  }
  const { to } = project.reportWindow;
  measured.push([
    'report: task events read',
    () => taskEventsUntil(db, project.projectId, to, reportEventsMax + 1),
  ]);
  measured.push(['report: events read + replayed', () => projectReport(db, project)]);
  const results: QueryLatency[] = [];
  for (const [name, operation] of measured) {
    results.push({ name, ...(await timeRuns(runs, operation)) });
  }
  return results;
}

/** The figures as a Markdown table: measure, p50 ms, p99 ms. */
export function queryLatencyTable(results: readonly QueryLatency[]): string {
  const lines = ['| read | p50 ms | p99 ms |', '| --- | ---: | ---: |'];
  for (const r of results)
    lines.push(`| ${r.name} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} |`);
  return lines.join('\n');
}
