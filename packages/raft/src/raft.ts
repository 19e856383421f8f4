import { assert } from './assert.ts';
import { parseConfChange } from './conf-change.ts';
import type { RaftConfig } from './config.ts';
import type { ProposeResult, ReadIndexRefusedError, TransferRefusedError } from './errors.ts';
import { entryBytes } from './log.ts';
import type {
  Message,
  ProposeMessage,
  ReadIndexMessage,
  TransferLeaderMessage,
  VoteMessage,
} from './message.ts';
import {
  type CampaignKind,
  RaftState,
  type StepFunction,
  type StepMessage,
  type StepOutcome,
} from './raft-state.ts';
import { randomInt } from './random.ts';
import { ReadOnly } from './read-only.ts';
import { stepCandidate } from './step-candidate.ts';
import { stepFollower } from './step-follower.ts';
import {
  appendEntries,
  bcastAppend,
  bcastHeartbeat,
  maybeCommit,
  releaseDeferredReads,
  stepLeader,
} from './step-leader.ts';
import type { Entry, NodeId } from './types.ts';

/** After its leader's connection drops, a follower campaigns within 1 to this many ticks. */
const leaderLostCampaignTicksMax = 5;

/**
 * The Raft state machine (etcd raft.go). Internal: drivers use `RawNode`. It adds to the state
 * what is common to every role: role transitions (swapping step and tick functions as a whole),
 * ticks, elections, the term rules of `step`, and applying membership changes.
 */
export class Raft extends RaftState {
  /** The current role's step function; set only by the transitions below. */
  stepFunction: StepFunction = stepFollower;
  /** The current role's tick: an election timer, or the leader's heartbeat timer. */
  tickFunction: () => void = () => this.tickElection();

  constructor(config: RaftConfig) {
    super(config);
    const applied = this.options.applied;
    if (applied !== null && applied > this.log.applied) this.replayAppliedConfChanges(applied);
    this.becomeFollower(this.term, null);
  }

  /** On restart past the snapshot, re-apply membership changes the application already saw. */
  private replayAppliedConfChanges(applied: number): void {
    const entries = this.log.slice(this.log.applied + 1, applied + 1, Number.POSITIVE_INFINITY);
    assert(entries !== null, 'applied entries after the snapshot must be in storage');
    for (const entry of entries) {
      if (entry.type === 'confChange') this.applyConfChange(entry);
    }
    this.log.appliedTo(applied);
  }

  // ---- Role transitions (§5.1). Each swaps the step and tick functions as a whole. ----

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = null;
    }
    this.leaderId = null;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeoutTicks =
      this.options.electionTimeoutTicks +
      randomInt(this.options.random, 0, this.options.electionTimeoutTicks);
    this.leadTransferee = null;
    this.tracker.resetVotes();
    const last = this.log.lastIndex();
    for (const [id, progress] of this.tracker.progress) {
      progress.becomeProbe();
      progress.match = id === this.id ? last : 0;
      progress.next = last + 1;
      progress.recentActive = true;
    }
    this.pendingConfIndex = 0;
    this.uncommittedBytes = 0;
    this.readOnly = new ReadOnly();
    this.deferredReads = [];
  }

  override becomeFollower(term: number, leaderId: NodeId | null): void {
    this.stepFunction = stepFollower;
    this.reset(term);
    this.tickFunction = () => this.tickElection();
    this.leaderId = leaderId;
    this.role = 'follower';
  }

  /** Starts a pre-vote round. Contract: not the leader. */
  becomePreCandidate(): void {
    assert(this.role !== 'leader', 'invalid transition leader -> preCandidate');
    // Pre-vote changes neither term nor vote: a partitioned node cannot inflate terms (§9.6).
    this.stepFunction = stepCandidate;
    this.tracker.resetVotes();
    this.tickFunction = () => this.tickElection();
    this.leaderId = null;
    this.role = 'preCandidate';
  }

  /** Starts an election in the next term, voting for itself (§5.2). Contract: not the leader. */
  becomeCandidate(): void {
    assert(this.role !== 'leader', 'invalid transition leader -> candidate');
    this.stepFunction = stepCandidate;
    this.reset(this.term + 1);
    this.tickFunction = () => this.tickElection();
    this.vote = this.id;
    this.role = 'candidate';
  }

  override becomeLeader(): void {
    assert(this.role === 'candidate', 'invalid transition to leader');
    this.stepFunction = stepLeader;
    this.reset(this.term);
    this.tickFunction = () => this.tickHeartbeat();
    this.leaderId = this.id;
    this.role = 'leader';
    this.tracker.progress.get(this.id)?.becomeReplicate();
    // The no-op of §5.4.2/§8: committing it commits every earlier entry and lets ReadIndex run.
    appendEntries(this, [{ type: 'normal', data: '' }]);
    // No membership change until an entry of this term commits (Ongaro, raft-dev 2015: the
    // single-server change bug).
    this.pendingConfIndex = this.log.lastIndex();
    bcastAppend(this);
  }

  /**
   * The driver saw its connection to `peer` drop; a crashed process closes its sockets at
   * once, long before an election timeout passes. If `peer` is this follower's leader, stop
   * counting on it: forget it, so its lease no longer makes us refuse (pre-)votes, and campaign
   * within a few ticks (jittered, so two followers seldom collide). Only the timing of an
   * election changes, and safety never depends on it; a leader that is in fact alive keeps the
   * other followers, whose lease still refuses our pre-vote until they too stop hearing it.
   */
  leaderLost(peer: NodeId): void {
    if (this.role !== 'follower' || this.leaderId !== peer) return;
    this.leaderId = null;
    const jitter = randomInt(this.options.random, 1, leaderLostCampaignTicksMax + 1);
    const soon = this.randomizedElectionTimeoutTicks - jitter;
    this.electionElapsed = Math.max(this.electionElapsed, soon);
  }

  // ---- Ticks (time is ticks; the driver calls tick() at a fixed rate). ----

  /** A follower's or candidate's tick: campaign when the randomized timeout elapses. */
  tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeoutTicks) {
      this.electionElapsed = 0;
      this.campaign(this.options.preVote ? 'preElection' : 'election');
    }
  }

  /** The leader's tick: heartbeats, check-quorum, and the transfer deadline. */
  tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.options.electionTimeoutTicks) {
      this.electionElapsed = 0;
      // Check-quorum (§6, thesis §6.2): a leader that a majority did not answer steps down.
      const active = this.tracker.quorumActiveAndReset(this.id);
      if (this.options.checkQuorum && !active) {
        this.becomeFollower(this.term, null);
        return;
      }
      // A transfer that did not finish within an election timeout is abandoned.
      this.leadTransferee = null;
    }
    if (this.heartbeatElapsed >= this.options.heartbeatIntervalTicks) {
      this.heartbeatElapsed = 0;
      bcastHeartbeat(this, this.readOnly.lastPendingContext());
    }
  }

  // ---- Elections (§5.2). ----

  /** True when committed entries not yet applied include a membership change. */
  private hasUnappliedConfChanges(): boolean {
    if (this.log.committed <= this.log.applied) return false;
    const low = Math.max(this.log.applied + 1, this.log.firstIndex());
    const entries = this.log.slice(low, this.log.committed + 1, Number.POSITIVE_INFINITY);
    return entries?.some((entry) => entry.type === 'confChange') ?? false;
  }

  override campaign(kind: CampaignKind): void {
    // The configuration may change once those apply; campaigning under the old one is unsafe.
    if (!this.promotable() || this.hasUnappliedConfChanges()) return;
    let type: VoteMessage['type'];
    let term: number;
    if (kind === 'preElection') {
      this.becomePreCandidate();
      type = 'preVote';
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      type = 'vote';
      term = this.term;
    }
    if (this.poll(this.id, true) === 'won') {
      if (kind === 'preElection') this.campaign('election');
      else this.becomeLeader();
      return;
    }
    const lastLogIndex = this.log.lastIndex();
    const lastLogTerm = this.log.lastTerm();
    for (const to of this.tracker.voters) {
      if (to === this.id) continue;
      const force = kind === 'transfer';
      this.send({ type, from: this.id, to, term, lastLogIndex, lastLogTerm, force });
    }
  }

  // ---- Step: term rules common to every role (§5.1), then the role's step function. ----

  /**
   * Handles one message: the term rules of §5.1 first, then the role's step function. A
   * request from this node (`from` is its id) answers what its RawNode method returns; a
   * peer's message is answered, if at all, with messages.
   */
  step(request: ProposeMessage): ProposeResult;
  step(request: ReadIndexMessage): ReadIndexRefusedError | null;
  step(request: TransferLeaderMessage): TransferRefusedError | null;
  step(message: Message): void;
  step(message: StepMessage): StepOutcome {
    // Requests carry no term (term 0): the role alone decides whether to serve, forward or
    // refuse them, as etcd does for MsgProp and MsgReadIndex.
    if (isRequest(message)) return this.stepFunction(this, message);
    if (message.term > this.term) {
      if (!this.acceptHigherTerm(message)) return null;
    } else if (message.term < this.term) {
      this.answerStaleTerm(message);
      return null;
    }
    if (message.type === 'vote' || message.type === 'preVote') {
      this.handleVoteRequest(message);
      return null;
    }
    return this.stepFunction(this, message);
  }

  /** A message from a later term: adopt it (§5.1), unless it is a vote we must disregard. */
  private acceptHigherTerm(message: Message): boolean {
    if (message.type === 'vote' || message.type === 'preVote') {
      // §6: a server that heard from a leader within the minimum election timeout ignores
      // RequestVote, so a removed or partitioned server cannot depose a working leader.
      const inLease =
        this.options.checkQuorum &&
        this.leaderId !== null &&
        this.electionElapsed < this.options.electionTimeoutTicks;
      if (inLease && !message.force) return false;
    }
    // A pre-vote and a granted answer to one carry the term a pre-candidate would campaign in,
    // not a term anyone is in yet (§9.6): they leave our term alone.
    if (message.type === 'preVote') return true;
    if (message.type === 'preVoteResponse' && !message.reject) return true;
    const fromLeader =
      message.type === 'append' || message.type === 'heartbeat' || message.type === 'snapshot';
    this.becomeFollower(message.term, fromLeader ? message.from : null);
    return true;
  }

  /** A message from an earlier term is dropped (§5.1); some are answered with our term. */
  private answerStaleTerm(message: Message): void {
    const { term, id } = this;
    if (
      (this.options.checkQuorum || this.options.preVote) &&
      (message.type === 'heartbeat' || message.type === 'append')
    ) {
      // A deposed leader that cannot hear the new one must learn the new term from us, or it
      // would keep a pre-vote cluster from ever electing a leader it could reach.
      const base = { from: id, to: message.from, term, index: 0, reject: false };
      this.send({ ...base, type: 'appendResponse', hintIndex: 0, hintTerm: 0 });
    } else if (message.type === 'preVote') {
      // Refused out loud: a pre-candidate that heard nothing would only wait out its timeout.
      this.send({ type: 'preVoteResponse', from: id, to: message.from, term, reject: true });
    }
  }

  /** RequestVote (§5.2, §5.4.1): one vote per term, only for a log at least as up-to-date. */
  private handleVoteRequest(message: VoteMessage): void {
    // A pre-vote for a later term binds us to nothing, so it may be granted after voting.
    const canVote =
      this.vote === message.from ||
      (this.vote === null && this.leaderId === null) ||
      (message.type === 'preVote' && message.term > this.term);
    const upToDate =
      this.unsafe.skipVoteUpToDateCheck === true ||
      this.log.isUpToDate(message.lastLogIndex, message.lastLogTerm);
    const type = message.type === 'vote' ? 'voteResponse' : 'preVoteResponse';
    const base = { type, from: this.id, to: message.from } as const;
    if (canVote && upToDate) {
      this.send({ ...base, term: message.term, reject: false });
      if (message.type === 'vote') {
        this.electionElapsed = 0;
        this.vote = message.from;
      }
    } else {
      this.send({ ...base, term: this.term, reject: true });
    }
  }

  // ---- Membership (§6). ----

  /**
   * Applies a committed membership change. The configuration takes effect when the change is
   * applied, and only one may be pending: see RawNode's doc for why single-server changes.
   */
  applyConfChange(entry: Entry): void {
    const change = parseConfChange(entry.data);
    if (change === null) return;
    this.tracker.apply(change, this.log.lastIndex() + 1);
    if (this.role !== 'leader') return;
    if (!this.tracker.voters.has(this.id)) {
      // A removed (or demoted) leader steps down; the rest elect a leader among themselves.
      this.becomeFollower(this.term, null);
      return;
    }
    if (this.leadTransferee !== null && !this.tracker.voters.has(this.leadTransferee)) {
      this.leadTransferee = null;
    }
    // A smaller quorum may commit more; a new learner needs its first append.
    if (maybeCommit(this)) releaseDeferredReads(this);
    bcastAppend(this);
  }

  /** Applies every committed entry's side effects on the core once the application has. */
  appliedTo(entries: Entry[]): void {
    for (const entry of entries) {
      if (this.role === 'leader') this.uncommittedBytes -= entryBytes(entry);
      if (entry.type === 'confChange') this.applyConfChange(entry);
    }
    // The count restarts at 0 with each leadership, but entries from before it are subtracted too.
    if (this.uncommittedBytes < 0) this.uncommittedBytes = 0;
    const last = entries[entries.length - 1];
    if (last !== undefined) this.log.appliedTo(last.index);
  }
}

function isRequest(
  message: StepMessage,
): message is ProposeMessage | ReadIndexMessage | TransferLeaderMessage {
  return (
    message.type === 'propose' || message.type === 'readIndex' || message.type === 'transferLeader'
  );
}
