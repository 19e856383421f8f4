import { voteResult } from './quorum/majority.ts';
import type { NodeId } from './types.ts';

/** A linearizable read point: once `applied >= index`, serve the read tagged `context` (§8). */
export interface ReadState {
  index: number;
  context: string;
}

/** A ReadIndex request the leader is confirming. */
export interface ReadIndexRequest {
  /** The commit index when the request arrived. */
  index: number;
  /** Who asked: this node, or the follower that forwarded it. */
  from: NodeId;
  context: string;
  acks: Map<NodeId, boolean>;
}

/**
 * The leader's ReadIndex requests waiting for a heartbeat round to confirm it still leads (§8,
 * etcd read_only.go). A quorum acknowledging a later request confirms every earlier one too,
 * because heartbeats are answered in order of leadership, not of arrival.
 * Invariant: `queue` and `pending` hold the same contexts.
 */
export class ReadOnly {
  private readonly pending = new Map<string, ReadIndexRequest>();
  private readonly queue: string[] = [];

  /** How many requests wait. Bounded by the caller with `readIndexPendingMax`. */
  size(): number {
    return this.queue.length;
  }

  /** True when a request with `context` is waiting. */
  has(context: string): boolean {
    return this.pending.has(context);
  }

  /** Queues a request for confirmation; a repeated context is ignored. */
  add(request: Omit<ReadIndexRequest, 'acks'>): void {
    if (this.pending.has(request.context)) return;
    this.pending.set(request.context, { ...request, acks: new Map() });
    this.queue.push(request.context);
  }

  /**
   * Records `from`'s heartbeat answer for `context`. When a majority of `voters` has answered,
   * returns that request and every older one, now confirmed; otherwise returns [].
   */
  ack(from: NodeId, context: string, voters: Iterable<NodeId>): ReadIndexRequest[] {
    const request = this.pending.get(context);
    if (request === undefined) return [];
    request.acks.set(from, true);
    if (voteResult(voters, request.acks) !== 'won') return [];
    const position = this.queue.indexOf(context);
    const confirmed = this.queue.splice(0, position + 1);
    const released: ReadIndexRequest[] = [];
    for (const id of confirmed) {
      const done = this.pending.get(id);
      this.pending.delete(id);
      if (done !== undefined) released.push(done);
    }
    return released;
  }

  /** The newest waiting context: heartbeats carry it so one round confirms them all. */
  lastPendingContext(): string | null {
    return this.queue[this.queue.length - 1] ?? null;
  }
}
