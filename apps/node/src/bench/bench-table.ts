import type { CommitCeiling } from './commit-ceiling.ts';
import type { LiveLatency } from './live-latency.ts';
import type { LatencySummary, Throughput } from './measure.ts';

/** Every figure one `bench:cluster` run prints and writes. */
export interface BenchFigures {
  ceiling: CommitCeiling;
  writes: {
    raft1: Throughput;
    raft64: Throughput;
    raftFollower1: Throughput;
    raftFollower64: Throughput;
    direct1: Throughput;
    direct64: Throughput;
  };
  reads: {
    localFollower: Throughput;
    linearizableFollower: Throughput;
    linearizableLeader: Throughput;
  };
  live: LiveLatency;
  failover: { kills: number; medianMs: number; maxMs: number; timesMs: number[] };
}

/** measure, clients, per s, p50 ms, p99 ms, ÷ ceiling, Raft ÷ no-Raft. */
type Row = [string, string, string, string, string, string, string];

const header: Row = [
  'measure',
  'clients',
  'per s',
  'p50 ms',
  'p99 ms',
  '÷ ceiling',
  'Raft ÷ no-Raft',
];

/** `over` ÷ `under` in operations per second. */
export function throughputRatio(over: Throughput, under: Throughput): number {
  return over.perSecond / under.perSecond;
}

function latencyRow(measure: string, clients: string, rate: string, figure: LatencySummary): Row {
  return [measure, clients, rate, figure.p50Ms.toFixed(1), figure.p99Ms.toFixed(1), '', ''];
}

function throughputRow(measure: string, clients: number, figure: Throughput): Row {
  return latencyRow(measure, String(clients), figure.perSecond.toFixed(0), figure);
}

/** A write figure, with its share of the commit ceiling and of no-Raft at the same clients. */
function writeRow(
  measure: string,
  figure: Throughput,
  against: { clients: number; ceiling: Throughput; direct?: Throughput },
): Row {
  const row = throughputRow(measure, against.clients, figure);
  row[5] = throughputRatio(figure, against.ceiling).toFixed(2);
  if (against.direct) row[6] = throughputRatio(figure, against.direct).toFixed(2);
  return row;
}

/** Failover has a median and a maximum, not a p99: the last column says so. */
function failoverRow({ kills, medianMs, maxMs }: BenchFigures['failover']): Row {
  const measure = `failover: kill -9 leader → next ack, ${kills} kills`;
  return [measure, '', '', medianMs.toFixed(0), `max ${maxMs.toFixed(0)}`, '', ''];
}

function rows(f: BenchFigures): Row[] {
  const at1 = { clients: 1, ceiling: f.ceiling.connections1 };
  const at64 = { clients: 64, ceiling: f.ceiling.connections64 };
  const raftAt1 = { ...at1, direct: f.writes.direct1 };
  const raftAt64 = { ...at64, direct: f.writes.direct64 };
  const missing = f.live.missing > 0 ? ` (${f.live.missing} never arrived)` : '';
  return [
    throughputRow('ceiling: MariaDB autocommit INSERTs', 1, f.ceiling.connections1),
    throughputRow('ceiling: MariaDB autocommit INSERTs', 64, f.ceiling.connections64),
    writeRow('createTask, 3-node Raft, leader', f.writes.raft1, raftAt1),
    writeRow('createTask, 3-node Raft, leader', f.writes.raft64, raftAt64),
    writeRow('createTask, 3-node Raft, follower', f.writes.raftFollower1, raftAt1),
    writeRow('createTask, 3-node Raft, follower', f.writes.raftFollower64, raftAt64),
    writeRow('createTask, no Raft (one MySQL)', f.writes.direct1, at1),
    writeRow('createTask, no Raft (one MySQL)', f.writes.direct64, at64),
    throughputRow('task read, local, follower', 16, f.reads.localFollower),
    throughputRow('task read, LINEARIZABLE, follower', 16, f.reads.linearizableFollower),
    throughputRow('task read, LINEARIZABLE, leader', 16, f.reads.linearizableLeader),
    latencyRow(
      `live: writer's createTask ack, leader, ${f.live.writes} writes`,
      '1',
      '',
      f.live.acknowledgement,
    ),
    latencyRow(
      `live: ack → task.created at a follower${missing}`,
      '1',
      '',
      f.live.eventAfterAcknowledgement,
    ),
    failoverRow(f.failover),
  ];
}

/** The figures as a markdown table, ready to paste into docs/operations.md. */
export function benchTable(figures: BenchFigures): string {
  const body = rows(figures);
  const all = [header, ...body];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  const line = (row: Row) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
