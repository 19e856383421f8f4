import { randomUUID } from 'node:crypto';
import { type ApplyResult, applyBatchEntriesMax, type CommandOutcome } from '@raftboard/db/apply';
import {
  type ConfChange,
  type ConfState,
  createRandom,
  type Entry,
  type HardState,
  type Message,
  RawNode,
  type Snapshot,
  type Status,
  type Storage,
} from '@raftboard/raft';
import type { Logger } from '../logger.ts';
import { createApplyLatencyHistogram } from '../metrics.ts';
import {
  AppliedIndexWaiters,
  KeyedWaiters,
  LeaderChangedError,
  NodeStoppingError,
  WaitTimeoutError,
} from './waiters.ts';

/** The durable side of a node's log: what the driver persists through, in Ready order. */
export interface DurableLog extends Storage {
  /**
   * Durably installs a snapshot (state machine included: its data is the handle of the copy
   * the transport staged), appends entries, saves hard state.
   */
  persist(work: {
    snapshot: Snapshot | null;
    entries: Entry[];
    hardState: HardState | null;
  }): Promise<void>;
  /** Saves the membership after a conf change applied, so a restart comes back with it. */
  saveConfState(confState: ConfState): Promise<void>;
  /**
   * Makes applied `index` the snapshot point, with `confState` the membership there, and
   * compacts the log behind it. Resolves false when there was nothing to do (it would not be
   * newer than the last one).
   */
  compact(index: number, confState: ConfState): Promise<boolean>;
  /** Characters of entry data the log holds in memory. */
  logChars(): number;
}

/** Applies committed entries to the state machine in one transaction (packages/db). */
export type ApplyFunction = (entries: readonly Entry[]) => Promise<ApplyResult>;

/** The answer to a proposal: the outcome as apply recorded it, with its log index. */
export interface ProposalAnswer {
  index: number;
  outcome: CommandOutcome;
}

export interface DriverOptions {
  nodeId: string;
  log: DurableLog;
  apply: ApplyFunction;
  /** The applied index the state machine holds at start. */
  appliedIndex: number;
  send(to: string, message: Message): void;
  tickIntervalMs: number;
  electionTimeoutTicks: number;
  heartbeatIntervalTicks: number;
  /** Take a snapshot and compact once this many applied entries sit in the log... */
  snapshotThresholdEntries: number;
  /** ...or once its entries hold this many characters of data (the log is mirrored in memory). */
  snapshotThresholdChars: number;
  /**
   * The highest index compaction may reach now: a snapshot being streamed to a peer needs the
   * entries after its own point to stay (default: no bound).
   */
  compactionFloor?: () => number;
  /** Called after each apply transaction commits, with what it wrote (to publish events). */
  onApplied(result: ApplyResult): void;
  /** Called once a leader's snapshot is installed, with its index, before anyone waits on it. */
  onSnapshotInstalled(index: number): void;
  /** Called after a membership change was applied (reconnect peers). */
  onMembership(status: Status): void;
  /** Called when this node's role or leader changes. */
  onSoftState(status: Status): void;
  logger: Logger;
  /** Seed for election-timeout randomness; default: random per process. */
  seed?: number;
}

/** Bound on peer messages waiting for the loop; beyond it new ones are dropped (Raft retries). */
export const inboxMessagesMax = 10_000;
/**
 * Bound on the entry data those messages carry: appends of 1 MiB attachments would otherwise
 * let 10,000 queued messages hold gigabytes while the loop persists.
 */
const inboxCharsMax = 64 * 1024 * 1024;
/**
 * Bound on committed entries waiting for the applier, in count and in data; past either the
 * Raft loop waits for apply, so a leader that commits faster than it applies cannot queue
 * without limit.
 */
const applyBacklogEntriesMax = 4_096;
const applyBacklogCharsMax = 64 * 1024 * 1024;

/** Characters of entry data in `entries`. */
function entryChars(entries: readonly Entry[]): number {
  return entries.reduce((sum, entry) => sum + entry.data.length, 0);
}

/** Characters of entry data a peer message carries (only appends carry entries). */
function messageChars(message: Message): number {
  return message.type === 'append' ? entryChars(message.entries) : 0;
}
/** Bound on proposals handed to the core in one loop turn. */
const proposalsPerTurnMax = 512;
/** A proposal not applied after this many ticks is proposed again (apply dedupes by id). */
const proposalRetryTicksFactor = 3;

interface PendingProposal {
  data: string;
  /** The tick at or after which it is (re)proposed. */
  dueTick: number;
}

/**
 * Drives one RawNode: ticks from a timer, steps peer messages from a bounded inbox, proposes
 * queued commands, and performs each Ready in the order the core requires — persist, send,
 * apply, advance, where apply hands the committed entries to the applier, which applies them
 * in log order beside the loop (see `turn`). Socket handlers and callers only enqueue;
 * everything that touches the core happens in `turn()`, one at a time, never between
 * `ready()` and `advance()`.
 */
export class RaftDriver {
  readonly counters = {
    proposals: 0,
    proposalsRetried: 0,
    inboxDropped: 0,
    appliedEntries: 0,
    snapshotsInstalled: 0,
    snapshotsTaken: 0,
  };
  /** Seconds per apply transaction; the node's registry exports it. */
  readonly applyLatency = createApplyLatencyHistogram();
  private readonly node: RawNode;
  private readonly inbox: Message[] = [];
  /** Entry data in `inbox`, bounded by `inboxCharsMax`. */
  private inboxChars = 0;
  private readonly proposals = new Map<string, PendingProposal>();
  private readonly proposalWaiters = new KeyedWaiters<ProposalAnswer>();
  /** ReadIndex contexts to hand to the core on the next turn. */
  private readonly readsToRequest: string[] = [];
  private readonly readWaiters = new KeyedWaiters<number>();
  private readonly pendingConfChanges: ConfChange[] = [];
  private readonly pendingTransfers: string[] = [];
  /** Peers whose connection dropped since the last turn. */
  private readonly lostPeers: string[] = [];
  private readonly appliedWaiters: AppliedIndexWaiters;
  private appliedIndex: number;
  /** Committed entries handed to the applier and not applied yet, in log order. */
  private readonly toApply: Entry[] = [];
  /** Entry data in `toApply`, bounded by `applyBacklogCharsMax`. */
  private toApplyChars = 0;
  /** The last index handed to the applier (at least `appliedIndex`). */
  private queuedIndex: number;
  /** The index of the last membership change handed to the applier. */
  private confChangeQueuedIndex = 0;
  /** The applier while it runs: applies `toApply` in order, beside the Raft loop. */
  private applier: Promise<void> | null = null;
  /** The leader as of the last soft state; its change re-sends outstanding requests. */
  private knownLeader: string | null = null;
  private ticks = 0;
  private pendingTicks = 0;
  private timer: NodeJS.Timeout | null = null;
  private turning = false;
  private stopped = false;
  private fatal: ((error: unknown) => void) | null = null;

  constructor(private readonly options: DriverOptions) {
    this.appliedIndex = options.appliedIndex;
    this.queuedIndex = options.appliedIndex;
    this.appliedWaiters = new AppliedIndexWaiters(options.appliedIndex);
    this.node = new RawNode({
      id: options.nodeId,
      storage: options.log,
      random: createRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32)),
      electionTimeoutTicks: options.electionTimeoutTicks,
      heartbeatIntervalTicks: options.heartbeatIntervalTicks,
      applied: options.appliedIndex,
    });
  }

  /** Starts ticking. `onFatal` is told when persisting or applying fails (stop the process). */
  start(onFatal: (error: unknown) => void): void {
    this.fatal = onFatal;
    this.timer = setInterval(() => {
      this.pendingTicks++;
      this.schedule();
    }, this.options.tickIntervalMs);
  }

  /** Enqueues a peer message (already parsed and authenticated). */
  enqueue(message: Message): void {
    const chars = messageChars(message);
    if (this.inbox.length >= inboxMessagesMax || this.inboxChars + chars > inboxCharsMax) {
      this.counters.inboxDropped++;
      return;
    }
    this.inbox.push(message);
    this.inboxChars += chars;
    this.schedule();
  }

  /**
   * The transport lost its connection to `peerId`; if that is our leader, the core campaigns
   * within a few ticks rather than after a whole election timeout (a crashed leader's sockets
   * close at once).
   */
  peerLost(peerId: string): void {
    this.lostPeers.push(peerId);
    this.schedule();
  }

  /**
   * Proposes an encoded command keyed by `actor`+`requestId`, and resolves once THIS node has
   * applied it. Re-proposes (same data) if it is not applied in time: apply dedupes by request
   * id, so the command takes effect once. Rejects with WaitTimeoutError after `timeoutMs`.
   */
  propose(key: string, data: string, timeoutMs: number): Promise<ProposalAnswer> {
    if (this.stopped) return Promise.reject(new NodeStoppingError('node is stopping'));
    const answer = this.proposalWaiters.wait(key, timeoutMs, 'proposal');
    if (!this.proposals.has(key)) this.proposals.set(key, { data, dueTick: 0 });
    this.counters.proposals++;
    this.schedule();
    return answer.finally(() => {
      if (!this.proposalWaiters.has(key)) this.proposals.delete(key);
    });
  }

  /**
   * A linearizable read point (ReadIndex, §8): resolves with an index once this node has
   * applied it, so local reads then see every write acknowledged before the call.
   */
  async readIndex(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const attemptMs = this.options.tickIntervalMs * this.options.electionTimeoutTicks * 2;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new WaitTimeoutError(`no read point within ${timeoutMs} ms`);
      const context = randomUUID();
      this.readsToRequest.push(context);
      this.schedule();
      try {
        const index = await this.readWaiters.wait(context, Math.min(remaining, attemptMs), 'read');
        await this.appliedWaiters.wait(index, Math.max(1, deadline - Date.now()));
        return index;
      } catch (error) {
        const retry = error instanceof WaitTimeoutError || error instanceof LeaderChangedError;
        if (!retry) throw error;
      }
    }
  }

  /** Resolves once this node has applied `index`. */
  waitForApplied(index: number, timeoutMs: number): Promise<void> {
    return this.appliedWaiters.wait(index, timeoutMs);
  }

  /** Queues a membership change; resolves with its index once applied here. */
  async changeMembership(change: ConfChange, timeoutMs: number): Promise<number> {
    const status = this.node.status();
    if (status.role !== 'leader') {
      throw new Error(`not the leader; ask ${status.leaderId ?? 'the leader (none known yet)'}`);
    }
    this.pendingConfChanges.push(change);
    this.schedule();
    const before = this.appliedIndex;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.options.tickIntervalMs));
      if (this.appliedIndex > before && this.reflects(change)) return this.appliedIndex;
    }
    throw new WaitTimeoutError(`membership change not applied within ${timeoutMs} ms`);
  }

  /**
   * Asks this leader to hand over to `to`; resolves once `to` leads as far as we know. The
   * request is repeated every two election timeouts: the target drops TimeoutNow if it has not
   * yet applied its own promotion, and the core abandons a transfer that did not finish.
   */
  async transferLeadership(to: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const retryMs = this.options.electionTimeoutTicks * this.options.tickIntervalMs * 2;
    let nextRequestMs = 0;
    while (Date.now() < deadline) {
      if (this.node.status().leaderId === to) return;
      if (Date.now() >= nextRequestMs && this.node.status().role === 'leader') {
        this.pendingTransfers.push(to);
        this.schedule();
        nextRequestMs = Date.now() + retryMs;
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.tickIntervalMs));
    }
    throw new WaitTimeoutError(`${to} did not take leadership within ${timeoutMs} ms`);
  }

  /**
   * The core's status, with `applied` as this node's state machine has it: the core counts an
   * entry applied once handed to the applier, which may still be writing it.
   */
  status(): Status {
    return { ...this.node.status(), applied: this.appliedIndex };
  }

  get applied(): number {
    return this.appliedIndex;
  }

  /** Stops ticking and fails every waiter; the core is left as it is (the process exits). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const error = new NodeStoppingError('node is stopping');
    this.proposalWaiters.rejectAll(error);
    this.readWaiters.rejectAll(error);
    this.appliedWaiters.rejectAll(error);
  }

  private reflects(change: ConfChange): boolean {
    const { voters, learners } = this.node.status().confState;
    if (change.type === 'remove')
      return !voters.includes(change.nodeId) && !learners.includes(change.nodeId);
    if (change.type === 'promote') return voters.includes(change.nodeId);
    return learners.includes(change.nodeId) || voters.includes(change.nodeId);
  }

  private schedule() {
    if (this.turning || this.stopped) return;
    this.turning = true;
    setImmediate(() => {
      this.turn()
        .catch((error: unknown) => {
          this.stop();
          this.fatal?.(error);
        })
        .finally(() => {
          this.turning = false;
          if (this.hasInput()) this.schedule();
        });
    });
  }

  private hasInput(): boolean {
    const requests = this.readsToRequest.length > 0 || this.lostPeers.length > 0;
    return this.pendingTicks > 0 || this.inbox.length > 0 || requests || this.node.hasReady();
  }

  /**
   * Feeds all queued input to the core, then performs its Ready batches until none is left.
   * Committed entries go to the applier, which applies them beside this loop (etcd's shape):
   * a long apply transaction no longer holds back heartbeats, votes and appends, which used to
   * queue behind it until a leader found no quorum heard from and stepped down. The loop waits
   * for the applier only where order demands it: before installing a snapshot, after a
   * membership change, and when the applier falls `applyBacklogEntriesMax` entries or
   * `applyBacklogCharsMax` characters of data behind.
   */
  private async turn(): Promise<void> {
    while (!this.stopped) {
      this.feedInput();
      if (!this.node.hasReady()) return;
      const ready = this.node.ready();
      if (ready.snapshot) await this.settled();
      await this.options.log.persist(ready);
      for (const message of ready.messages) this.options.send(message.to, message);
      if (ready.snapshot) this.installedSnapshot(ready.snapshot.metadata.index);
      this.queueApply(ready.committedEntries);
      this.node.advance(ready);
      if (ready.committedEntries.some((entry) => entry.type === 'confChange')) {
        await this.settled();
        await this.options.log.saveConfState(this.node.status().confState);
        this.options.onMembership(this.status());
      }
      for (const read of ready.readStates) {
        this.readWaiters.resolve(read.context, read.index);
      }
      if (ready.softState) {
        this.onLeaderKnown(this.node.status().leaderId);
        this.options.onSoftState(this.status());
      }
      const backlog = this.toApply.length >= applyBacklogEntriesMax;
      if (backlog || this.toApplyChars >= applyBacklogCharsMax) await this.settled();
    }
  }

  private feedInput() {
    // Messages before ticks: both queued while the last turn persisted and applied, and the
    // messages arrived within that time. Ticked first, a leader busy applying would find no
    // peer heard from (check-quorum) and step down, its heartbeat responses still queued.
    this.inboxChars = 0;
    for (const message of this.inbox.splice(0)) this.node.step(message);
    for (; this.pendingTicks > 0; this.pendingTicks--) {
      this.node.tick();
      this.ticks++;
    }
    for (const peerId of this.lostPeers.splice(0)) this.node.leaderLost(peerId);
    this.proposePending();
    // A refused read (no leader yet) is not queued again here: readIndex() retries it with a
    // new context once its attempt window passes.
    for (const context of this.readsToRequest.splice(0)) this.node.readIndex(context);
    for (const change of this.pendingConfChanges.splice(0)) {
      const result = this.node.proposeConfChange(change);
      if (!result.ok)
        this.options.logger.warn('raft.conf-change-refused', { reason: result.error.reason });
    }
    for (const to of this.pendingTransfers.splice(0)) {
      const refused = this.node.transferLeadership(to);
      if (refused)
        this.options.logger.warn('raft.transfer-refused', { to, reason: refused.reason });
    }
  }

  /**
   * A new leader: what was forwarded to the old one may be lost with it, so pending proposals
   * go again now (apply dedupes by request id) and reads ask again with a fresh context,
   * instead of each waiting out its retry window (3 election timeouts for a proposal).
   */
  private onLeaderKnown(leaderId: string | null) {
    if (leaderId === this.knownLeader) return;
    this.knownLeader = leaderId;
    if (leaderId === null) return;
    for (const pending of this.proposals.values()) pending.dueTick = 0;
    this.readWaiters.rejectAll(new LeaderChangedError(`${leaderId} leads now`));
  }

  private proposePending() {
    const due: PendingProposal[] = [];
    for (const pending of this.proposals.values()) {
      if (pending.dueTick <= this.ticks && due.length < proposalsPerTurnMax) due.push(pending);
    }
    if (due.length === 0) return;
    const result = this.node.proposeBatch(due.map((pending) => pending.data));
    const retryTicks = result.ok ? this.options.electionTimeoutTicks * proposalRetryTicksFactor : 1; // refused (no leader, cap reached): try again next tick
    for (const pending of due) {
      if (pending.dueTick > 0) this.counters.proposalsRetried++;
      pending.dueTick = this.ticks + retryTicks;
    }
  }

  private installedSnapshot(index: number) {
    this.counters.snapshotsInstalled++;
    this.options.logger.info('raft.snapshot-installed', { index });
    this.appliedIndex = Math.max(this.appliedIndex, index);
    this.queuedIndex = Math.max(this.queuedIndex, index);
    this.options.onSnapshotInstalled(index);
    this.appliedWaiters.advanceTo(this.appliedIndex);
  }

  /** Hands newly committed entries to the applier, starting it if it is idle. */
  private queueApply(committed: readonly Entry[]) {
    for (const entry of committed) {
      if (entry.index <= this.queuedIndex) continue;
      if (entry.type === 'confChange') this.confChangeQueuedIndex = entry.index;
      this.toApply.push(entry);
      this.toApplyChars += entry.data.length;
      this.queuedIndex = entry.index;
    }
    if (this.toApply.length === 0 || this.applier) return;
    this.applier = this.applyQueued()
      .catch((error: unknown) => {
        this.stop();
        this.fatal?.(error);
      })
      .finally(() => {
        this.applier = null;
      });
  }

  /** Applies what is queued, every entry queued meanwhile in one transaction, until none is. */
  private async applyQueued() {
    while (this.toApply.length > 0 && !this.stopped) {
      const batch = this.toApply.splice(0, applyBatchEntriesMax);
      this.toApplyChars -= entryChars(batch);
      await this.applyEntries(batch);
      await this.maybeCompact();
    }
  }

  /**
   * Resolves once every entry handed to the applier is applied, or the applier failed or was
   * stopped (after `stop`, it ends with the transaction in flight: call it before closing the
   * pool).
   */
  async settled(): Promise<void> {
    while (this.applier) await this.applier;
  }

  private async applyEntries(entries: readonly Entry[]) {
    const startedMs = performance.now();
    const result = await this.options.apply(entries);
    this.applyLatency.observe((performance.now() - startedMs) / 1_000);
    this.counters.appliedEntries += entries.length;
    this.appliedIndex = result.appliedIndex;
    this.options.onApplied(result);
    for (const applied of result.entries) {
      if (applied.actor === null || applied.requestId === null || applied.outcome === null)
        continue;
      const key = proposalKey(applied.actor, applied.requestId);
      this.proposals.delete(key);
      this.proposalWaiters.resolve(key, { index: applied.outcome.index, outcome: applied.outcome });
    }
    this.appliedWaiters.advanceTo(this.appliedIndex);
  }

  private async maybeCompact() {
    const { log, snapshotThresholdEntries, snapshotThresholdChars } = this.options;
    const inLog = this.appliedIndex - log.firstIndex() + 1;
    if (inLog < snapshotThresholdEntries && log.logChars() < snapshotThresholdChars) return;
    const index = Math.min(this.appliedIndex, this.options.compactionFloor?.() ?? Infinity);
    // The snapshot point carries the core's membership, which already holds every change
    // handed to the applier: only a point at or past the last of them has that membership.
    if (index < this.confChangeQueuedIndex || index < log.firstIndex()) return;
    if (!(await log.compact(index, this.node.status().confState))) return;
    this.counters.snapshotsTaken++;
    this.options.logger.info('raft.compacted', { index, appliedIndex: this.appliedIndex });
  }
}

/** The key a proposal's waiter and its applied entry share. */
export function proposalKey(actor: string, requestId: string): string {
  return `${actor}\u0000${requestId}`;
}
