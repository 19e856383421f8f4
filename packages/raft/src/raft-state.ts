import { assert } from './assert.ts';
import { type RaftConfig, type ResolvedConfig, resolveConfig } from './config.ts';
import type { ProposeResult, ReadIndexRefusedError, TransferRefusedError } from './errors.ts';
import { RaftLog } from './log.ts';
import type { Message, TransferLeaderMessage } from './message.ts';
import type { VoteResult } from './quorum/majority.ts';
import { ReadOnly, type ReadState } from './read-only.ts';
import { ProgressTracker } from './tracker/tracker.ts';
import type { NodeId, Snapshot } from './types.ts';
import { takeUnsafeRules, type UnsafeRules } from './unsafe.ts';

/** A node's role in its current term (§5.1), plus pre-candidate for pre-vote. */
export type Role = 'follower' | 'preCandidate' | 'candidate' | 'leader';

/** Why a node campaigns: a pre-vote round, a real election, or a leadership transfer. */
export type CampaignKind = 'preElection' | 'election' | 'transfer';

/** What a step function takes: a peer's message, or a request of the local driver. */
export type StepMessage = Message | TransferLeaderMessage;

/**
 * What a step function answers (etcd's `Step` error): for a request of the local driver, the
 * result its RawNode method returns; null when there is nothing to report.
 */
export type StepOutcome = ProposeResult | ReadIndexRefusedError | TransferRefusedError | null;

/** How a role handles a message once term checks are done. Swapped as a whole on transitions. */
export type StepFunction = (raft: RaftState, message: StepMessage) => StepOutcome;

/** A ReadIndex request that arrived before the leader committed an entry of its term. */
interface DeferredRead {
  from: NodeId;
  context: string;
}

/**
 * One node's Raft state (etcd's `raft` struct fields), as the per-role step functions in
 * step-leader.ts, step-follower.ts and step-candidate.ts see it. The role transitions are
 * abstract here and implemented by `Raft` (raft.ts), because they swap in those step functions:
 * this way a step function can change the role without importing raft.ts, and no module imports
 * itself back. Fields are public so the step functions reach them.
 */
export abstract class RaftState {
  readonly id: NodeId;
  readonly options: ResolvedConfig;
  readonly unsafe: UnsafeRules;
  readonly log: RaftLog;
  readonly tracker: ProgressTracker;
  term = 0;
  vote: NodeId | null = null;
  leaderId: NodeId | null = null;
  role: Role = 'follower';
  /** Outgoing messages. Bound: the driver drains them with every Ready. */
  messages: Message[] = [];
  /** Confirmed reads for the local application. Bound: drained with every Ready. */
  readStates: ReadState[] = [];
  readOnly = new ReadOnly();
  /** Bound: counted with `readOnly` against `readIndexPendingMax`. */
  deferredReads: DeferredRead[] = [];
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeoutTicks = 0;
  /** Index of the last conf change the leader appended; a new one waits until it is applied. */
  pendingConfIndex = 0;
  /** Bytes of uncommitted entries this leader appended (bounded by `maxUncommittedBytes`). */
  uncommittedBytes = 0;
  leadTransferee: NodeId | null = null;
  /** Chunks of a snapshot a follower is receiving. */
  snapshotBuffer: Snapshot | null = null;

  /** Restores term, vote, commit and configuration from storage; the role is set by `Raft`. */
  constructor(config: RaftConfig) {
    this.options = resolveConfig(config);
    this.unsafe = takeUnsafeRules();
    this.id = config.id;
    this.log = new RaftLog(config.storage);
    this.tracker = new ProgressTracker(this.options.inflightMessagesMax);
    const { hardState, confState } = config.storage.initialState();
    const empty = confState.voters.length === 0 && confState.learners.length === 0;
    const initial = empty ? { voters: this.options.voters, learners: [] } : confState;
    this.tracker.reset(initial, this.log.lastIndex() + 1);
    if (hardState.term > 0 || hardState.commit > 0) {
      assert(hardState.commit <= this.log.lastIndex(), 'persisted commit past the last index');
      this.term = hardState.term;
      this.vote = hardState.vote;
      this.log.commitTo(Math.max(hardState.commit, this.log.committed));
    }
  }

  /** Follows `leaderId` (or nobody yet) in `term`. */
  abstract becomeFollower(term: number, leaderId: NodeId | null): void;

  /** Takes office after winning: probes every follower and appends the no-op. */
  abstract becomeLeader(): void;

  /** Runs a pre-vote round, an election, or a forced election for a leadership transfer. */
  abstract campaign(kind: CampaignKind): void;

  /** True when this node may campaign: it is a voter in its configuration. */
  promotable(): boolean {
    return this.tracker.voters.has(this.id);
  }

  /** Queues a message for the next Ready. */
  send(message: Message): void {
    this.messages.push(message);
  }

  /** Records a vote and returns where the election stands. */
  poll(from: NodeId, granted: boolean): VoteResult {
    this.tracker.recordVote(from, granted);
    return this.tracker.voteResult();
  }
}
