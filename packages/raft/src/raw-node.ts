import { assert } from './assert.ts';
import type { RaftConfig } from './config.ts';
import {
  ProposalDroppedError,
  type ProposeResult,
  type ReadIndexRefusedError,
  type TransferRefusedError,
} from './errors.ts';
import type { Message, ProposedEntry } from './message.ts';
import { Raft } from './raft.ts';
import type { Role } from './raft-state.ts';
import type { ReadState } from './read-only.ts';
import type { ProgressState } from './tracker/progress.ts';
import type { ConfChange, ConfState, Entry, HardState, NodeId, Snapshot } from './types.ts';

/** Volatile state worth telling the application about: who leads, and our role. */
export interface SoftState {
  role: Role;
  leaderId: NodeId | null;
}

/**
 * A batch of work the core hands to its driver. The driver MUST, in this order:
 * 1. persist: install `snapshot` (if any) into storage, append `entries` (truncating any stored
 *    entries at or after `entries[0].index`), save `hardState` (if not null) — durably;
 * 2. send `messages` (any order, any may be lost);
 * 3. apply `committedEntries` to the state machine (restoring `snapshot` first, if any), and
 *    serve each read in `readStates` once `applied >= index`;
 * 4. call `advance(ready)`.
 * Persisting before sending is what makes a vote or an append acknowledgement a promise (§5).
 * `entries` never include anything already applied; `committedEntries` may include entries from
 * this same `entries` batch, which is why persisting comes first.
 */
export interface Ready {
  /** Set when role or leader changed since the last Ready. */
  softState: SoftState | null;
  /** Set when term, vote or commit changed: persist it. */
  hardState: HardState | null;
  /** Entries to append to stable storage. */
  entries: Entry[];
  /** A snapshot received from the leader, to install in storage and the state machine. */
  snapshot: Snapshot | null;
  /** Messages to send to peers, after persisting. */
  messages: Message[];
  /** Committed entries to apply, in order, after persisting. */
  committedEntries: Entry[];
  /** Confirmed ReadIndex requests from `readIndex(context)`. */
  readStates: ReadState[];
}

/** What the leader knows of one member's replication. */
export interface PeerProgress {
  match: number;
  next: number;
  state: ProgressState;
  recentActive: boolean;
  inflightMessages: number;
}

/** The scalar part of a node's state. Contract: a fresh copy each call. */
export interface BasicStatus {
  id: NodeId;
  role: Role;
  term: number;
  vote: NodeId | null;
  leaderId: NodeId | null;
  commit: number;
  applied: number;
  lastIndex: number;
}

/** A read-only view of a node, for a /status endpoint. Contract: a fresh copy each call. */
export interface Status extends BasicStatus {
  confState: ConfState;
  leadTransferee: NodeId | null;
  uncommittedBytes: number;
  /** Per member; only filled in on the leader. */
  progress: Record<NodeId, PeerProgress>;
}

/**
 * The driver's handle on one Raft node (etcd rawnode.go): a pure, deterministic state machine.
 * Time is `tick()`, input is `step()` and the request methods, output is `ready()`. The loop:
 *
 *   on a timer:        node.tick()
 *   on a peer frame:   const m = parseMessage(frame); if (m) node.step(m)
 *   on a client write: node.propose(data)      (a ProposalDroppedError result means retry)
 *   then, repeatedly:  while (node.hasReady()) {
 *                        const rd = node.ready();
 *                        persist(rd.snapshot, rd.entries, rd.hardState);  // durably
 *                        send(rd.messages);
 *                        apply(rd.snapshot, rd.committedEntries); serve(rd.readStates);
 *                        node.advance(rd);
 *                      }
 *
 * Membership: single-server changes (addLearner, promote, remove) rather than joint consensus.
 * Any majority of the old and of the new configuration overlap when they differ by one server
 * (§6, thesis §4.1), so no intermediate joint configuration is needed; the known flaw of that
 * scheme (a change racing a leader change) is closed by letting a leader propose a change only
 * after an entry of its own term has been applied, and only one change at a time. A change takes
 * effect when it is applied, so every node moves through the same sequence of configurations in
 * log order; learners first catch up without affecting quorums, then get promoted.
 */
export class RawNode {
  private readonly raft: Raft;
  private previousSoftState: SoftState;
  private previousHardState: HardState;
  private readyOutstanding = false;

  constructor(config: RaftConfig) {
    this.raft = new Raft(config);
    this.previousSoftState = this.softState();
    this.previousHardState = this.hardState();
  }

  /** Advances logical time by one tick (elections, heartbeats, check-quorum). */
  tick(): void {
    this.raft.tickFunction();
  }

  /**
   * Feeds a message from a peer. Messages addressed to another node are ignored. Contract: the
   * message is well formed (run network input through `parseMessage` first).
   */
  step(message: Message): void {
    if (message.to !== this.raft.id) return;
    this.raft.step(message);
  }

  /**
   * Starts an election now (a pre-vote round first when `preVote` is on), as if the election
   * timeout had elapsed. Does nothing on a leader or a node that is not a voter.
   */
  campaign(): void {
    if (this.raft.role === 'leader') return;
    this.raft.campaign(this.raft.options.preVote ? 'preElection' : 'election');
  }

  /**
   * Proposes one command. On the leader it is appended (`index` says where) unless refused; a
   * follower forwards it to the leader (`index: null`), and with no leader it is refused. A
   * forwarded proposal can still be lost or refused at the leader: the caller learns the
   * outcome only by seeing the command applied, so it retries after a timeout with the same
   * request id and the state machine deduplicates.
   */
  propose(data: string): ProposeResult {
    return this.proposeEntries([{ type: 'normal', data }]);
  }

  /** Proposes several commands as one batch (one append per follower). */
  proposeBatch(data: string[]): ProposeResult {
    if (data.length === 0) return { ok: true, index: null };
    return this.proposeEntries(data.map((d) => ({ type: 'normal', data: d })));
  }

  /** Proposes a single-server membership change; refused while another one is pending. */
  proposeConfChange(change: ConfChange): ProposeResult {
    if (change.nodeId.length === 0) {
      return { ok: false, error: new ProposalDroppedError('invalidConfChange') };
    }
    return this.proposeEntries([{ type: 'confChange', data: JSON.stringify(change) }]);
  }

  /** Steps a proposal from this node: its role decides whether to append, forward or refuse. */
  private proposeEntries(entries: ProposedEntry[]): ProposeResult {
    const id = this.raft.id;
    return this.raft.step({ type: 'propose', from: id, to: id, term: 0, entries });
  }

  /**
   * Requests a linearizable read point. On success a later Ready carries a `ReadState` with the
   * same `context` (which must be unique); serve the read once applied reaches its index. A
   * lost request yields nothing: callers retry with a new context after a timeout.
   */
  readIndex(context: string): ReadIndexRefusedError | null {
    const id = this.raft.id;
    return this.raft.step({ type: 'readIndex', from: id, to: id, term: 0, context });
  }

  /**
   * Tells the core the connection to `peer` dropped (its process may have died). A follower
   * whose leader that is campaigns within a few ticks instead of an election timeout.
   */
  leaderLost(peer: NodeId): void {
    this.raft.leaderLost(peer);
  }

  /** Asks this leader to hand leadership to `to` once `to` has caught up. */
  transferLeadership(to: NodeId): TransferRefusedError | null {
    const id = this.raft.id;
    return this.raft.step({ type: 'transferLeader', from: id, to: id, term: 0, transferee: to });
  }

  /** True when `ready()` has work. */
  hasReady(): boolean {
    const raft = this.raft;
    if (raft.messages.length > 0 || raft.readStates.length > 0) return true;
    if (raft.log.unstable.entries.length > 0 || raft.log.unstable.snapshot !== null) return true;
    if (raft.log.hasNextCommittedEntries()) return true;
    if (!sameSoftState(this.softState(), this.previousSoftState)) return true;
    return !sameHardState(this.hardState(), this.previousHardState);
  }

  /**
   * Takes the pending work. Contract: call `advance(ready)` with it before the next `ready()`,
   * and do not step or tick the node between `ready()` and `advance()`.
   */
  ready(): Ready {
    assert(!this.readyOutstanding, 'ready() called twice without advance()');
    this.readyOutstanding = true;
    const raft = this.raft;
    const softState = this.softState();
    const hardState = this.hardState();
    const ready: Ready = {
      softState: sameSoftState(softState, this.previousSoftState) ? null : softState,
      hardState: sameHardState(hardState, this.previousHardState) ? null : hardState,
      entries: raft.log.unstable.entries.slice(),
      snapshot: raft.log.unstable.snapshot,
      messages: raft.messages,
      committedEntries: raft.log.nextCommittedEntries(raft.options.maxCommittedBytesPerReady),
      readStates: raft.readStates,
    };
    raft.messages = [];
    raft.readStates = [];
    return ready;
  }

  /** Tells the core the driver finished `ready`: persisted, sent and applied it. */
  advance(ready: Ready): void {
    assert(this.readyOutstanding, 'advance() without ready()');
    this.readyOutstanding = false;
    const log = this.raft.log;
    if (ready.softState !== null) this.previousSoftState = ready.softState;
    if (ready.hardState !== null) this.previousHardState = ready.hardState;
    const last = ready.entries[ready.entries.length - 1];
    if (last !== undefined) log.unstable.stableTo(last.index, last.term);
    if (ready.snapshot !== null) {
      const index = ready.snapshot.metadata.index;
      log.unstable.stableSnapshotTo(index);
      if (index > log.applied) log.appliedTo(index);
    }
    this.raft.appliedTo(ready.committedEntries);
  }

  /** The cheap part of `status()`: no configuration, no progress. */
  basicStatus(): BasicStatus {
    const raft = this.raft;
    return {
      id: raft.id,
      role: raft.role,
      leaderId: raft.leaderId,
      term: raft.term,
      vote: raft.vote,
      commit: raft.log.committed,
      applied: raft.log.applied,
      lastIndex: raft.log.lastIndex(),
    };
  }

  /** A snapshot of the node's state for monitoring. */
  status(): Status {
    const raft = this.raft;
    const progress: Record<NodeId, PeerProgress> = {};
    if (raft.role === 'leader') {
      for (const [id, pr] of raft.tracker.progress) {
        const { match, next, state, recentActive } = pr;
        progress[id] = { match, next, state, recentActive, inflightMessages: pr.inflights.count() };
      }
    }
    return {
      ...this.softState(),
      ...{ id: raft.id, term: raft.term, vote: raft.vote, commit: raft.log.committed },
      ...{ applied: raft.log.applied, lastIndex: raft.log.lastIndex() },
      confState: raft.tracker.confState(),
      leadTransferee: raft.leadTransferee,
      uncommittedBytes: raft.uncommittedBytes,
      progress,
    };
  }

  private softState(): SoftState {
    return { role: this.raft.role, leaderId: this.raft.leaderId };
  }

  private hardState(): HardState {
    return { term: this.raft.term, vote: this.raft.vote, commit: this.raft.log.committed };
  }
}

function sameSoftState(a: SoftState, b: SoftState): boolean {
  return a.role === b.role && a.leaderId === b.leaderId;
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}
