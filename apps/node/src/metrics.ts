import type { Message } from '@raftboard/raft';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PeerTransport } from './peer/transport.ts';
import type { RaftDriver } from './raft/driver.ts';
import type { SnapshotTransferCounters } from './raft/snapshot-transfer.ts';
import type { NodeStatus } from './status.ts';

/** Upper bounds of the apply-latency buckets, in seconds, ascending. */
const applySecondsBuckets = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/**
 * The apply-latency histogram (seconds), in no registry yet: the driver observes it and
 * `createNodeRegistry` adds it to its node's registry.
 */
export function createApplyLatencyHistogram(): Histogram {
  return new Histogram({
    name: 'raftboard_apply_seconds',
    help: 'Time to apply one batch of committed entries.',
    buckets: applySecondsBuckets,
    registers: [],
  });
}

/** What a node's metrics are read from, at scrape time. */
export interface MetricSources {
  status(): NodeStatus;
  driver: RaftDriver;
  transport: PeerTransport<Message>;
  snapshots: SnapshotTransferCounters;
  /** True while V8 runs in memory saver mode (quiet-memory.ts). */
  memorySaver: () => boolean;
}

const roles = ['leader', 'follower', 'candidate', 'preCandidate', 'learner'] as const;

/** Registers the Raft state (term, role, commit and applied index) as gauges read when scraped. */
function registerRaftGauges(registry: Registry, status: () => NodeStatus) {
  const registers = [registry];
  const gauge = (name: string, help: string, read: (node: NodeStatus) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(status()));
      },
    });
  gauge('raftboard_raft_term', 'Current Raft term.', (node) => node.term);
  new Gauge({
    name: 'raftboard_raft_role',
    help: 'Current role (1 for the role held).',
    labelNames: ['role'],
    registers,
    collect() {
      const held = status().role;
      for (const role of roles) this.set({ role }, held === role ? 1 : 0);
    },
  });
  gauge(
    'raftboard_raft_commit_index',
    'Highest index known committed.',
    (node) => node.commitIndex,
  );
  gauge(
    'raftboard_raft_applied_index',
    'Highest index applied to the board.',
    (node) => node.appliedIndex,
  );
}

/** A metric read when scraped: its name, its help text, and where its value comes from. */
type ScrapedMetric = [name: string, help: string, read: () => number];

/**
 * Registers the driver's and transport's counts as Prometheus counters. The plain counts stay
 * the source of truth (they only grow); each scrape copies them into the counters.
 */
function registerCounters(registry: Registry, { driver, transport, snapshots }: MetricSources) {
  const registers = [registry];
  const counts = driver.counters;
  const peer = transport.counters;
  const counters: ScrapedMetric[] = [
    ['raftboard_proposals_total', 'Proposals made through this node.', () => counts.proposals],
    [
      'raftboard_proposals_retried_total',
      'Proposals proposed again after a timeout.',
      () => counts.proposalsRetried,
    ],
    [
      'raftboard_applied_entries_total',
      'Entries applied on this node.',
      () => counts.appliedEntries,
    ],
    [
      'raftboard_snapshots_installed_total',
      'Snapshots received from a leader and installed.',
      () => counts.snapshotsInstalled,
    ],
    [
      'raftboard_snapshots_taken_total',
      'Snapshots taken here to compact the log.',
      () => counts.snapshotsTaken,
    ],
    [
      'raftboard_snapshot_streams_sent_total',
      'Snapshots streamed from here to a peer to the end.',
      () => snapshots.streamsSent,
    ],
    [
      'raftboard_snapshot_streams_failed_total',
      'Snapshot streams from here that broke off (peer gone, busy, or refused).',
      () => snapshots.streamsFailed,
    ],
    [
      'raftboard_snapshot_rows_sent_total',
      'Table rows streamed from here in snapshots.',
      () => snapshots.rowsSent,
    ],
    [
      'raftboard_snapshot_streams_received_total',
      'Snapshot streams received and staged here to the end.',
      () => snapshots.streamsReceived,
    ],
    ['raftboard_peer_messages_sent_total', 'Raft messages sent to peers.', () => peer.sent],
    [
      'raftboard_peer_messages_received_total',
      'Raft messages accepted from peers.',
      () => peer.received,
    ],
    [
      'raftboard_peer_handshakes_rejected_total',
      'Peer connections refused at the handshake.',
      () => peer.rejectedHandshakes,
    ],
  ];
  for (const [name, help, read] of counters) {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }
  new Counter({
    name: 'raftboard_peer_messages_dropped_total',
    help: 'Raft messages dropped.',
    labelNames: ['direction'],
    registers,
    collect() {
      this.reset();
      this.inc({ direction: 'outbound' }, peer.droppedOutbound);
      this.inc({ direction: 'inbound' }, peer.droppedInbound + counts.inboxDropped);
    },
  });
}

/**
 * One node's Prometheus registry (not prom-client's global one: several nodes may share a
 * process in tests): Raft state from its status, the driver's and transport's counts, apply
 * latency, and the process metrics of `collectDefaultMetrics` (CPU, heap, GC, event-loop lag,
 * handles). Everything but the histogram is read when scraped.
 */
export function createNodeRegistry(sources: MetricSources): Registry {
  const registry = new Registry();
  registerRaftGauges(registry, () => sources.status());
  registerCounters(registry, sources);
  registry.registerMetric(sources.driver.applyLatency);
  new Gauge({
    name: 'raftboard_memory_saver',
    help: 'V8 memory saver mode: 1 while the node is quiet and gives memory back, else 0.',
    registers: [registry],
    collect() {
      this.set(sources.memorySaver() ? 1 : 0);
    },
  });
  collectDefaultMetrics({ register: registry });
  return registry;
}
