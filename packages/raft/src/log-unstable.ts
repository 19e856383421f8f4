import { assert } from './assert.ts';
import type { Entry, Snapshot } from './types.ts';

/**
 * The tail of the log not yet on stable storage: entries (and maybe a snapshot from the leader)
 * that the next `Ready` hands to the driver to persist (etcd log_unstable.go).
 * Invariant: `entries[i].index === offset + i`; with a snapshot, `offset === snapshot index + 1`.
 */
export class UnstableLog {
  snapshot: Snapshot | null = null;
  entries: Entry[] = [];

  /** Contract: `offset` is the index the first unstable entry will have. */
  constructor(public offset: number) {}

  /** The first index, known only when a snapshot is pending. */
  maybeFirstIndex(): number | null {
    return this.snapshot === null ? null : this.snapshot.metadata.index + 1;
  }

  /** The last index held here, or null when stable storage knows it. */
  maybeLastIndex(): number | null {
    if (this.entries.length > 0) return this.offset + this.entries.length - 1;
    return this.snapshot === null ? null : this.snapshot.metadata.index;
  }

  /** The term at `index` when held here, or null. */
  maybeTerm(index: number): number | null {
    if (index < this.offset) {
      const snap = this.snapshot?.metadata;
      return snap !== undefined && snap.index === index ? snap.term : null;
    }
    const last = this.maybeLastIndex();
    if (last === null || index > last) return null;
    return this.entries[index - this.offset]?.term ?? null;
  }

  /** The driver persisted entries up to (index, term): drop them from here. */
  stableTo(index: number, term: number): void {
    const found = this.maybeTerm(index);
    // A mismatch means the entries were replaced after the Ready was taken: keep the new ones.
    if (found !== term || index < this.offset) return;
    this.entries = this.entries.slice(index + 1 - this.offset);
    this.offset = index + 1;
  }

  /** The driver persisted the snapshot at `index`. */
  stableSnapshotTo(index: number): void {
    if (this.snapshot !== null && this.snapshot.metadata.index === index) this.snapshot = null;
  }

  /** Replaces everything with a snapshot from the leader. */
  restore(snapshot: Snapshot): void {
    this.offset = snapshot.metadata.index + 1;
    this.entries = [];
    this.snapshot = snapshot;
  }

  /** Appends `entries`, first truncating whatever they overwrite (§5.3). */
  truncateAndAppend(entries: Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    const after = first.index;
    if (after === this.offset + this.entries.length) {
      this.entries.push(...entries);
    } else if (after <= this.offset) {
      // Replaces everything here; storage must truncate from `after` when it persists.
      this.offset = after;
      this.entries = entries.slice();
    } else {
      this.entries = this.entries.slice(0, after - this.offset).concat(entries);
    }
  }

  /** Entries in [low, high). Contract: the range lies within the unstable entries. */
  slice(low: number, high: number): Entry[] {
    assert(low >= this.offset && high <= this.offset + this.entries.length + 1, 'bad slice');
    return this.entries.slice(low - this.offset, high - this.offset);
  }
}
