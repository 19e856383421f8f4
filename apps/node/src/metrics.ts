import type { Message } from '@raftboard/raft';
import type { PeerTransport } from './peer/transport.ts';
import type { RaftDriver } from './raft/driver.ts';
import type { NodeStatus } from './status.ts';

/**
 * A few Prometheus metrics, written by hand: the node needs counters, gauges and one latency
 * histogram, which does not justify a dependency.
 */
export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  /** `bucketsMs` are upper bounds in milliseconds, ascending. */
  constructor(readonly bucketsMs: readonly number[]) {
    this.counts = bucketsMs.map(() => 0);
  }

  observe(valueMs: number): void {
    this.sum += valueMs;
    this.count++;
    const bucket = this.bucketsMs.findIndex((bound) => valueMs <= bound);
    if (bucket >= 0) this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
  }

  /** Prometheus exposition lines for metric `name` (in seconds, as Prometheus expects). */
  render(name: string, help: string): string[] {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    let cumulative = 0;
    this.bucketsMs.forEach((bound, i) => {
      cumulative += this.counts[i] ?? 0;
      lines.push(`${name}_bucket{le="${bound / 1000}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`);
    lines.push(`${name}_sum ${this.sum / 1000}`, `${name}_count ${this.count}`);
    return lines;
  }
}

/** One sample: a metric name, its labels, its value. */
export interface Sample {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  value: number;
  labels?: Record<string, string>;
}

function escapeLabel(value: string) {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Renders samples (grouped by name, HELP/TYPE once each) plus extra pre-rendered lines. */
export function renderMetrics(samples: readonly Sample[], extra: readonly string[] = []): string {
  const lines: string[] = [];
  const described = new Set<string>();
  for (const sample of samples) {
    if (!described.has(sample.name)) {
      described.add(sample.name);
      lines.push(`# HELP ${sample.name} ${sample.help}`, `# TYPE ${sample.name} ${sample.type}`);
    }
    const labels = Object.entries(sample.labels ?? {})
      .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
      .join(',');
    lines.push(`${sample.name}${labels ? `{${labels}}` : ''} ${sample.value}`);
  }
  return `${[...lines, ...extra].join('\n')}\n`;
}

/** The node's metrics: Raft state from its status, and the driver's and transport's counters. */
export function nodeMetricSamples(
  node: NodeStatus,
  driver: RaftDriver,
  transport: PeerTransport<Message>,
): Sample[] {
  const gauge = (name: string, help: string, value: number): Sample => ({
    name,
    help,
    type: 'gauge',
    value,
  });
  const counter = (name: string, help: string, value: number): Sample => ({
    name,
    help,
    type: 'counter',
    value,
  });
  const roles = ['leader', 'follower', 'candidate', 'preCandidate', 'learner'] as const;
  return [
    gauge('raftboard_raft_term', 'Current Raft term.', node.term),
    ...roles.map((role) => ({
      ...gauge(
        'raftboard_raft_role',
        'Current role (1 for the role held).',
        node.role === role ? 1 : 0,
      ),
      labels: { role },
    })),
    gauge('raftboard_raft_commit_index', 'Highest index known committed.', node.commitIndex),
    gauge('raftboard_raft_applied_index', 'Highest index applied to the board.', node.appliedIndex),
    counter(
      'raftboard_proposals_total',
      'Proposals made through this node.',
      driver.counters.proposals,
    ),
    counter(
      'raftboard_proposals_retried_total',
      'Proposals proposed again after a timeout.',
      driver.counters.proposalsRetried,
    ),
    counter(
      'raftboard_applied_entries_total',
      'Entries applied on this node.',
      driver.counters.appliedEntries,
    ),
    counter(
      'raftboard_snapshots_installed_total',
      'Snapshots received from a leader and installed.',
      driver.counters.snapshotsInstalled,
    ),
    counter(
      'raftboard_snapshots_taken_total',
      'Snapshots taken here to compact the log.',
      driver.counters.snapshotsTaken,
    ),
    counter(
      'raftboard_peer_messages_sent_total',
      'Raft messages sent to peers.',
      transport.counters.sent,
    ),
    counter(
      'raftboard_peer_messages_received_total',
      'Raft messages accepted from peers.',
      transport.counters.received,
    ),
    {
      ...counter(
        'raftboard_peer_messages_dropped_total',
        'Raft messages dropped.',
        transport.counters.droppedOutbound,
      ),
      labels: { direction: 'outbound' },
    },
    {
      ...counter(
        'raftboard_peer_messages_dropped_total',
        'Raft messages dropped.',
        transport.counters.droppedInbound + driver.counters.inboxDropped,
      ),
      labels: { direction: 'inbound' },
    },
    counter(
      'raftboard_peer_handshakes_rejected_total',
      'Peer connections refused at the handshake.',
      transport.counters.rejectedHandshakes,
    ),
  ];
}
