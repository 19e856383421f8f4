import { assert } from '../assert.ts';
import { confChangeRefusal } from '../conf-change.ts';
import { committedIndex, type VoteResult, voteResult } from '../quorum/majority.ts';
import type { ConfChange, ConfState, NodeId } from '../types.ts';
import { Progress } from './progress.ts';

/**
 * The configuration (voters and learners), the leader's progress for each member, and the votes
 * of the current election. Invariant: `progress` has exactly the members of the configuration,
 * and no node is both a voter and a learner.
 */
export class ProgressTracker {
  readonly voters = new Set<NodeId>();
  readonly learners = new Set<NodeId>();
  readonly progress = new Map<NodeId, Progress>();
  readonly votes = new Map<NodeId, boolean>();

  constructor(private readonly inflightMessagesMax: number) {}

  /** Replaces the configuration; every member's progress starts probing at `next`. */
  reset(confState: ConfState, next: number): void {
    this.voters.clear();
    this.learners.clear();
    this.progress.clear();
    for (const id of confState.voters) this.voters.add(id);
    for (const id of confState.learners) {
      assert(!this.voters.has(id), `${id} is both voter and learner`);
      this.learners.add(id);
    }
    for (const id of this.members()) this.progress.set(id, this.newProgress(next));
  }

  /** The configuration as plain data, sorted for stable comparisons. */
  confState(): ConfState {
    return { voters: [...this.voters].sort(), learners: [...this.learners].sort() };
  }

  /** Voters then learners. */
  members(): NodeId[] {
    return [...this.voters, ...this.learners];
  }

  /** Why `change` cannot apply to the current configuration, or null when it can. */
  validate(change: ConfChange): string | null {
    return confChangeRefusal(this, change);
  }

  /** Applies a validated change; a new learner starts probing at `next`. */
  apply(change: ConfChange, next: number): void {
    if (this.validate(change) !== null) return;
    const id = change.nodeId;
    switch (change.type) {
      case 'addLearner':
        this.learners.add(id);
        this.progress.set(id, this.newProgress(next));
        return;
      case 'promote':
        this.learners.delete(id);
        this.voters.add(id);
        return;
      case 'remove':
        this.voters.delete(id);
        this.learners.delete(id);
        this.progress.delete(id);
        this.votes.delete(id);
        return;
    }
  }

  /** The highest index a majority of voters has (not yet filtered by term). */
  committed(): number {
    return committedIndex(this.voters, (id) => this.progress.get(id)?.match ?? 0);
  }

  /** Records `id`'s vote once; later votes from the same node are ignored. */
  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  /** The state of the current election. */
  voteResult(): VoteResult {
    return voteResult(this.voters, this.votes);
  }

  /** Forgets the votes of the last election. */
  resetVotes(): void {
    this.votes.clear();
  }

  /**
   * True when a majority of voters was heard from since the last call (the leader counts
   * itself), then starts a new round. Drives check-quorum.
   */
  quorumActiveAndReset(self: NodeId): boolean {
    const active = new Map<NodeId, boolean>();
    for (const [id, pr] of this.progress) {
      if (id === self) active.set(id, true);
      else if (pr.recentActive) active.set(id, true);
      if (id !== self) pr.recentActive = false;
    }
    return voteResult(this.voters, active) === 'won';
  }

  private newProgress(next: number): Progress {
    return new Progress({ next, inflightMessagesMax: this.inflightMessagesMax });
  }
}
