// Goal: print how the board feels with 1,000 cards on a real 3-node cluster — how long it takes
// to open, how long a keyboard move takes to be acknowledged and to reach a second person on
// another node, and how long a write takes to reach that person — in one run, on this machine.
// It prints figures; it asserts nothing.
import { cpus, loadavg, totalmem } from 'node:os';
import { provisionMysqlServer } from '@raftboard/db/provision';
import type { Page } from 'playwright-core';
import { personContext, type System, startSystem } from '../scripts/local-system.ts';
import { buildBoard } from '../scripts/web-server.ts';
import {
  type LiveSample,
  type MoveSample,
  observeAppearances,
  observeMoveKey,
  percentile,
  timeFirstRender,
  timeKeyboardMove,
  timeLiveWrite,
} from './measure.ts';
import {
  addMember,
  type NodeCaller,
  type SeededBoard,
  seedBoard,
  sessionToken,
  signUp,
} from './seed.ts';

/** The run's parameters; every loop and wait of the bench is bounded by one of these. */
const parameters = {
  taskCount: 1_000,
  /** Added after the 5 default columns (Backlog, Todo, In Progress, Done, Canceled). */
  extraColumnName: 'Released',
  seedInflightMax: 16,
  firstRenderRuns: 3,
  moveCount: 24,
  liveWriteCount: 120,
  /** Bound on one board open, until every card is in the DOM. */
  firstRenderTimeoutMs: 120_000,
  /** Bound on one move: focus, the moveTask response, and the card in the other browser. */
  moveTimeoutMs: 15_000,
  /** Bound on one live write reaching the other browser. */
  liveTimeoutMs: 15_000,
  writerNodeId: 'n1',
  watcherNodeId: 'n2',
} as const;

/** Everything the report prints. */
interface Figures {
  board: SeededBoard;
  firstCardMs: number[];
  allCardsMs: number[];
  moves: MoveSample[];
  live: LiveSample[];
}

/** A signed-in person: their page (through one node) and their session token. */
interface Person {
  page: Page;
  token: string;
  email: string;
}

async function openPerson(system: System, options: { nodeId: string; name: string }) {
  const context = await personContext(system, options.nodeId);
  const page = await context.newPage();
  const email = `${options.name.toLowerCase()}@example.com`;
  await signUp(page, { webUrl: system.webUrl, name: options.name, email });
  return { page, token: await sessionToken(context), email } satisfies Person;
}

function callerOf(system: System, nodeId: string, token: string): NodeCaller {
  return { nodeUrl: system.cluster.node(nodeId).url, token };
}

async function measureFirstRender(page: Page, boardUrl: string) {
  const firstCardMs: number[] = [];
  const allCardsMs: number[] = [];
  for (let run = 0; run < parameters.firstRenderRuns; run++) {
    const timing = await timeFirstRender(page, {
      boardUrl,
      cardCount: parameters.taskCount,
      timeoutMs: parameters.firstRenderTimeoutMs,
    });
    firstCardMs.push(timing.firstCardMs);
    allCardsMs.push(timing.allCardsMs);
  }
  return { firstCardMs, allCardsMs };
}

/** Moves cards spread over the columns one step right; never the same card twice. */
async function measureMoves(writer: Page, watcher: Page, board: SeededBoard) {
  const samples: MoveSample[] = [];
  const movableColumns = board.columns.length - 1;
  for (let move = 0; move < parameters.moveCount; move++) {
    const from = move % movableColumns;
    const taskId = board.taskIdsByColumn[from]?.[Math.floor(move / movableColumns)];
    const toColumn = board.columns[from + 1]?.name;
    if (taskId === undefined || toColumn === undefined) throw new Error('too few seeded cards');
    samples.push(
      await timeKeyboardMove({
        writer,
        other: watcher,
        taskId,
        toColumn,
        timeoutMs: parameters.moveTimeoutMs,
      }),
    );
  }
  return samples;
}

async function measureLive(caller: NodeCaller, watcher: Page, board: SeededBoard) {
  const samples: LiveSample[] = [];
  const statusId = board.columns[1]?.id ?? '';
  for (let write = 0; write < parameters.liveWriteCount; write++) {
    const title = `Live ${String(write + 1).padStart(3, '0')}`;
    const task = { projectId: board.projectId, statusId, title };
    samples.push(
      await timeLiveWrite({ caller, other: watcher, task, timeoutMs: parameters.liveTimeoutMs }),
    );
  }
  return samples;
}

async function runBench(system: System): Promise<Figures> {
  const ada = await openPerson(system, { nodeId: parameters.writerNodeId, name: 'Ada' });
  const bob = await openPerson(system, { nodeId: parameters.watcherNodeId, name: 'Bob' });
  const board = await seedBoard({
    callers: system.cluster.nodes.map((node) => ({ nodeUrl: node.url, token: ada.token })),
    projectName: 'Bench',
    extraColumnName: parameters.extraColumnName,
    taskCount: parameters.taskCount,
    inflightMax: parameters.seedInflightMax,
  });
  const adaCaller = callerOf(system, parameters.writerNodeId, ada.token);
  await addMember(adaCaller, board.projectId, bob.email);
  const boardUrl = `${system.webUrl}/projects/${board.projectId}/board`;

  const render = await measureFirstRender(ada.page, boardUrl);
  await timeFirstRender(bob.page, {
    boardUrl,
    cardCount: parameters.taskCount,
    timeoutMs: parameters.firstRenderTimeoutMs,
  });
  await observeAppearances(bob.page);
  await observeMoveKey(ada.page);
  const moves = await measureMoves(ada.page, bob.page, board);
  const live = await measureLive(adaCaller, bob.page, board);
  return { board, ...render, moves, live };
}

function ms(value: number): string {
  return Number.isNaN(value) ? '—' : value.toFixed(0);
}

function row(measure: string, samples: number[]): string[] {
  return [
    measure,
    String(samples.length),
    ms(Math.min(...samples)),
    ms(percentile(samples, 50)),
    ms(percentile(samples, 99)),
    ms(Math.max(...samples)),
  ];
}

function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((cells) => (cells[column] ?? '').length)),
  );
  for (const [index, cells] of rows.entries()) {
    const padded = cells.map((cell, column) =>
      column === 0 ? cell.padEnd(widths?.[column] ?? 0) : cell.padStart(widths?.[column] ?? 0),
    );
    console.log(`| ${padded.join(' | ')} |`);
    if (index === 0) console.log(`|${widths?.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  }
}

function printMachine(system: System, mysqlSource: string): void {
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${gib} GiB RAM`);
  console.log(
    `         load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(`Software: Node ${process.version}, Chromium ${system.browser.version()}`);
  console.log(`MySQL: ${mysqlSource}; cluster: 3 nodes, web server, browser on this machine`);
}

function printReport(figures: Figures, system: System, mysqlSource: string): void {
  const { board } = figures;
  const writer = parameters.writerNodeId;
  const watcher = parameters.watcherNodeId;
  console.log('\nRaftboard board bench');
  printMachine(system, mysqlSource);
  console.log(`Board: ${parameters.taskCount} tasks over ${board.columns.length} columns`);
  console.log(`       (${board.columns.map((column) => column.name).join(', ')})`);
  const perSecond = (parameters.taskCount / board.seedMs) * 1000;
  console.log(
    `Seeding: ${(board.seedMs / 1000).toFixed(1)} s, ${perSecond.toFixed(0)} createTask/s ` +
      `(GraphQL straight to 3 nodes, ${parameters.seedInflightMax} in flight)`,
  );
  console.log(
    `Runs: ${parameters.firstRenderRuns} opens, ${parameters.moveCount} keyboard moves, ` +
      `${parameters.liveWriteCount} sequential writes; ` +
      `Ada through ${writer}, Bob through ${watcher}`,
  );
  console.log(
    'Times in ms; percentiles by nearest rank (p99 of fewer than 100 samples is the maximum).\n',
  );
  printTable([
    ['Measure', 'n', 'best', 'p50', 'p99', 'max'],
    row('Open board: goto → first card in DOM', figures.firstCardMs),
    row(`Open board: goto → all ${parameters.taskCount} cards in DOM`, figures.allCardsMs),
    row(
      "Move (']'): key → writer's moveTask response",
      figures.moves.map((s) => s.writerAckMs),
    ),
    row(
      `Move (']'): key → card in Bob's column (${watcher})`,
      figures.moves.map((s) => s.otherBrowserMs),
    ),
    row(
      `Live write: createTask → Ada's ack (HTTP, ${writer})`,
      figures.live.map((s) => s.writerAckMs),
    ),
    row(
      `Live write: createTask → card in Bob's browser (${watcher})`,
      figures.live.map((s) => s.otherBrowserMs),
    ),
  ]);
}

async function main(): Promise<void> {
  buildBoard();
  const mysql = await provisionMysqlServer({ log: (line) => console.log(line) });
  let system: System | undefined;
  try {
    console.log('bench: starting the cluster, the board and Chromium…');
    system = await startSystem({ serverUrl: mysql.url, name: 'bench' });
    console.log(`bench: seeding ${parameters.taskCount} tasks and measuring…`);
    const figures = await runBench(system);
    printReport(figures, system, mysql.source);
  } finally {
    await system?.stop();
    await mysql.stop();
  }
}

await main();
