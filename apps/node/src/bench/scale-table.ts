import type { LatencySummary } from './measure.ts';
import { attachmentBytes } from './scale-data.ts';
import type { StageFigures } from './scale-stage.ts';

/** The bound the issue sets on memory growth: large peak RSS ÷ small peak RSS, per node. */
export const peakRssRatioMax = 1.5;

/** Nodes the table reports: the three founders and the one that joins. */
const nodeIds = ['n1', 'n2', 'n3', 'n4'];
const mebibyte = 1024 * 1024;

/** A figure of both stages, or null where that stage did not measure it. */
type Figure = (stage: StageFigures) => number | null;

interface Row {
  measure: string;
  figure: Figure;
  digits: number;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? null : bytes / mebibyte);

function perNode(measure: string, pick: (stage: StageFigures, id: string) => number | null) {
  return nodeIds.map((id) => ({
    measure: `${measure}, ${id}`,
    figure: (s: StageFigures) => pick(s, id),
    digits: 0,
  }));
}

function latencyRows(name: string, pick: (stage: StageFigures) => LatencySummary | null): Row[] {
  return [
    { measure: `${name} p50, ms`, figure: (s) => pick(s)?.p50Ms ?? null, digits: 1 },
    { measure: `${name} p99, ms`, figure: (s) => pick(s)?.p99Ms ?? null, digits: 1 },
  ];
}

const peakMinusIdle = (stage: StageFigures, id: string) => {
  const peak = stage.peakBytes.get(id);
  const idle = stage.idleBytes.get(id);
  return peak === undefined || idle === undefined ? null : (peak - idle) / mebibyte;
};

const rows: Row[] = [
  { measure: 'tasks', figure: (s) => s.plan.tasks, digits: 0 },
  {
    measure: 'attachments, MiB',
    figure: (s) => (s.plan.attachments * attachmentBytes) / mebibyte,
    digits: 0,
  },
  { measure: 'load time, s', figure: (s) => s.loadSeconds, digits: 1 },
  {
    measure: 'load rate, tasks/s',
    figure: (s) => (s.loadSeconds === null ? null : s.plan.tasks / s.loadSeconds),
    digits: 0,
  },
  ...perNode('idle RSS MiB', (s, id) => mib(s.idleBytes.get(id))),
  ...perNode('peak RSS MiB (snapshot, join)', (s, id) => mib(s.peakBytes.get(id))),
  ...perNode('peak − idle MiB', peakMinusIdle),
  { measure: 'log entries after the load', figure: (s) => s.entriesAfterLoad, digits: 0 },
  { measure: 'join: addLearner → caught up, s', figure: (s) => s.joinSeconds, digits: 1 },
  { measure: 'elections during the join', figure: (s) => s.elections, digits: 0 },
  ...perNode('MySQL data + index MiB', (s, id) => mib(s.dataBytes.get(id))),
  ...latencyRows('board open (BoardColumn × columns, largest project)', (s) => s.board),
  ...latencyRows('searchTasks (largest project)', (s) => s.search),
];

function format(value: number | null, digits: number): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** large ÷ small; none when the small figure rounds to 0 (peak − idle of a quiet node). */
function ratio(large: number | null, small: number | null, digits: number): string {
  if (large === null || small === null || Math.abs(small) < 10 ** -digits) return '—';
  return `${(large / small).toFixed(2)}`;
}

/** Both stages side by side with large ÷ small, as a markdown table for docs/operations.md. */
export function scaleTable(small: StageFigures, large: StageFigures): string {
  const header = ['measure', `small`, `large`, 'large ÷ small'];
  const body = rows.map((row) => {
    const a = row.figure(small);
    const b = row.figure(large);
    return [row.measure, format(a, row.digits), format(b, row.digits), ratio(b, a, row.digits)];
  });
  const all = [header, ...body];
  const widths = header.map((_, column) =>
    Math.max(...all.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/**
 * The memory a node needs on the large board against the small one: the highest peak RSS of any
 * node in the large stage ÷ the highest in the small stage; null if a stage measured none.
 *
 * Not node by node: each stage is a fresh cluster, so `n2` of one stage and `n2` of the other
 * need not hold the same role. The node that leads while the new node joins streams the
 * snapshot and peaks highest; after an election mid-join the new leader streams too. A ratio
 * per node id then sets a follower's peak in one stage against a leader's in the other (the
 * table keeps the per-node rows).
 */
export function peakRssRatio(small: StageFigures, large: StageFigures): number | null {
  const highest = (stage: StageFigures) => Math.max(0, ...stage.peakBytes.values());
  const [a, b] = [highest(small), highest(large)];
  return a === 0 || b === 0 ? null : b / a;
}

/** The done-when check in one line each: bounded memory, and the join. */
export function doneWhenLines(small: StageFigures, large: StageFigures): string[] {
  const worst = peakRssRatio(small, large);
  const bounded = worst !== null && worst <= peakRssRatioMax;
  const failed = [small, large].flatMap((stage, i) =>
    stage.failures.map((line) => `FAILED (${i === 0 ? 'small' : 'large'} stage) ${line}`),
  );
  return [
    ...failed,
    `bounded memory: highest node peak RSS, large ÷ small = ${worst === null ? '—' : worst.toFixed(2)} ` +
      `(bound ${peakRssRatioMax}): ${bounded ? 'PASS' : 'FAIL'}`,
    `new node joined the large cluster by snapshot: ${large.joined ? 'PASS' : 'FAIL'}` +
      (large.joined && !large.snapshotInWindow
        ? ' (its snapshot was taken during the load, before the measured window)'
        : ''),
  ];
}
