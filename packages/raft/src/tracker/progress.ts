import { assert } from '../assert.ts';
import { Inflights } from './inflights.ts';

/**
 * How the leader replicates to one follower (etcd tracker/progress.go):
 * - `probe`: the match point is unknown; send one append per heartbeat round and wait.
 * - `replicate`: the follower is in step; send optimistically, up to the inflight window.
 * - `snapshot`: the follower needs entries the leader compacted; stream it a snapshot.
 */
export type ProgressState = 'probe' | 'replicate' | 'snapshot';

/**
 * The leader's view of one follower. Invariant: `0 <= match < next`.
 */
export class Progress {
  /** Highest index known to be replicated on the follower. */
  match = 0;
  /** Next index to send. */
  next: number;
  state: ProgressState = 'probe';
  /** In `probe`: an append is outstanding, so wait for its answer or the next heartbeat. */
  probeSent = false;
  /** In `snapshot`: the index of the snapshot being streamed. */
  pendingSnapshotIndex = 0;
  /** In `snapshot`: the offset of the next chunk to send. */
  snapshotOffset = 0;
  /**
   * In `snapshot`: no chunk was acknowledged since the last heartbeat answer, so the chunk (or
   * its answer) is presumed lost and is sent again. Keeps resends to one per heartbeat round.
   */
  snapshotStalled = false;
  /** Heard from since the last check-quorum round (§6, thesis §6.2). */
  recentActive = true;
  readonly inflights: Inflights;

  constructor(options: { next: number; inflightMessagesMax: number }) {
    this.next = options.next;
    this.inflights = new Inflights(options.inflightMessagesMax);
  }

  private resetState(state: ProgressState): void {
    this.probeSent = false;
    this.pendingSnapshotIndex = 0;
    this.snapshotOffset = 0;
    this.snapshotStalled = false;
    this.state = state;
    this.inflights.reset();
  }

  /** Back to probing from just after what the follower is known to have. */
  becomeProbe(): void {
    if (this.state === 'snapshot') {
      const pending = this.pendingSnapshotIndex;
      this.resetState('probe');
      this.next = Math.max(this.match + 1, pending + 1);
    } else {
      this.resetState('probe');
      this.next = this.match + 1;
    }
  }

  /** The follower is in step: pipeline appends after its match. */
  becomeReplicate(): void {
    this.resetState('replicate');
    this.next = this.match + 1;
  }

  /** Start streaming the snapshot at `snapshotIndex`. */
  becomeSnapshot(snapshotIndex: number): void {
    this.resetState('snapshot');
    this.pendingSnapshotIndex = snapshotIndex;
  }

  /** Records a successful append up to `index`; false when it tells nothing new. */
  maybeUpdate(index: number): boolean {
    let updated = false;
    if (this.match < index) {
      this.match = index;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, index + 1);
    return updated;
  }

  /** Optimistically assumes an append up to `index` will succeed (replicate state only). */
  optimisticUpdate(index: number): void {
    this.next = index + 1;
  }

  /**
   * Handles a rejected append of `rejected` (its prevLogIndex); `matchHint` is the highest index
   * that may still match. False when the rejection is stale (answers an older append).
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    assert(this.match < this.next, 'progress invariant: match < next');
    this.probeSent = false;
    return true;
  }

  /** True when the leader must not send appends to this follower now. */
  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.inflights.full();
      case 'snapshot':
        return true;
    }
  }
}
