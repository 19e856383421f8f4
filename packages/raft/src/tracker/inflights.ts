import { assert } from '../assert.ts';

/**
 * The appends in flight to one follower, as the last index each carried, oldest first. A full
 * window pauses replication to that follower: the leader pipelines at most `capacity` messages
 * (etcd tracker/inflights.go). Invariant: indexes are strictly increasing.
 */
export class Inflights {
  private readonly indexes: number[] = [];

  /** Contract: `capacity >= 1`; it is the `inflightMessagesMax` bound. */
  constructor(readonly capacity: number) {
    assert(capacity >= 1, 'inflight capacity must be at least 1');
  }

  /** Records an append whose last entry is `index`. Contract: the window is not full. */
  add(index: number): void {
    assert(!this.full(), 'inflight window overflow');
    const last = this.indexes[this.indexes.length - 1];
    assert(last === undefined || index > last, 'inflight indexes must increase');
    this.indexes.push(index);
  }

  /** Frees every append whose last index is at or below `index` (acknowledged). */
  freeLE(index: number): void {
    let n = 0;
    while (n < this.indexes.length && (this.indexes[n] ?? 0) <= index) n++;
    if (n > 0) this.indexes.splice(0, n);
  }

  /** Frees the oldest append: a heartbeat answer shows the follower alive, so probe on. */
  freeFirstOne(): void {
    this.indexes.shift();
  }

  /** True when no more appends may be sent. */
  full(): boolean {
    return this.indexes.length >= this.capacity;
  }

  /** How many appends are in flight. */
  count(): number {
    return this.indexes.length;
  }

  /** Forgets every append in flight. */
  reset(): void {
    this.indexes.length = 0;
  }
}
