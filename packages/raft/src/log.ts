import { assert } from './assert.ts';
import { UnstableLog } from './log-unstable.ts';
import { CompactedError, type Storage, UnavailableError } from './storage.ts';
import type { Entry, Snapshot } from './types.ts';

/** Size of an entry for byte bounds: the length of its data (UTF-16 code units). */
export function entryBytes(entry: { data: string }): number {
  return entry.data.length;
}

/**
 * The replicated log as the core sees it: stable storage followed by the unstable tail
 * (etcd log.go). Invariant: `applied <= committed <= lastIndex()`.
 */
export class RaftLog {
  readonly unstable: UnstableLog;
  /** Highest index known committed (§5.3). */
  committed: number;
  /** Highest index handed to the application and acknowledged by `advance`. */
  applied: number;

  constructor(readonly storage: Storage) {
    const first = storage.firstIndex();
    this.unstable = new UnstableLog(storage.lastIndex() + 1);
    this.committed = first - 1;
    this.applied = first - 1;
  }

  /** The first index still in the log (after the snapshot). */
  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  /** The last index, stable or not. */
  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  /** The term at `index`, or null when it is compacted or past the end. */
  term(index: number): number | null {
    if (index < this.firstIndex() - 1 || index > this.lastIndex()) return null;
    const unstable = this.unstable.maybeTerm(index);
    if (unstable !== null) return unstable;
    try {
      return this.storage.term(index);
    } catch (error) {
      if (error instanceof CompactedError || error instanceof UnavailableError) return null;
      throw error;
    }
  }

  /** The term of the last entry (or of the snapshot when the log is empty). */
  lastTerm(): number {
    const term = this.term(this.lastIndex());
    assert(term !== null, 'the last term is always known');
    return term;
  }

  /** True when the log has an entry (or the snapshot point) at `index` with `term`. */
  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** RequestVote's up-to-date check (§5.4.1): later last term wins, then the longer log. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const term = this.lastTerm();
    return lastTerm > term || (lastTerm === term && lastIndex >= this.lastIndex());
  }

  /** The first index in `entries` that conflicts with (or extends) this log, or 0. */
  findConflict(entries: Entry[]): number {
    for (const entry of entries) {
      if (!this.matchTerm(entry.index, entry.term)) return entry.index;
    }
    return 0;
  }

  /**
   * The largest index at or below `index` whose term is at most `term`: where two logs may still
   * match when the other side has `term` at `index` (the fast back-off of §5.3).
   */
  findConflictByTerm(index: number, term: number): number {
    for (let i = index; i > 0; i--) {
      const found = this.term(i);
      if (found === null || found <= term) return i;
    }
    return 0;
  }

  /**
   * AppendEntries on a follower (§5.3): if the log has (prevIndex, prevTerm), truncate any
   * conflicting suffix, append what is new, advance the commit, and return the last index the
   * message covered; null when the consistency check fails.
   */
  maybeAppend(prevIndex: number, prevTerm: number, commit: number, entries: Entry[]) {
    if (!this.matchTerm(prevIndex, prevTerm)) return null;
    const lastNew = prevIndex + entries.length;
    const conflict = this.findConflict(entries);
    if (conflict !== 0) {
      assert(conflict > this.committed, `conflict ${conflict} with committed ${this.committed}`);
      this.append(entries.slice(conflict - prevIndex - 1));
    }
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  /** Appends to the unstable tail; returns the new last index. Never truncates committed. */
  append(entries: Entry[]): number {
    const first = entries[0];
    if (first === undefined) return this.lastIndex();
    assert(first.index - 1 >= this.committed, 'append would overwrite committed entries');
    this.unstable.truncateAndAppend(entries);
    return this.lastIndex();
  }

  /**
   * Entries in [low, high), at most `maxBytes` in total but at least one; null when `low` is
   * compacted. Contract: `high <= lastIndex() + 1`.
   */
  slice(low: number, high: number, maxBytes: number): Entry[] | null {
    if (low >= high) return [];
    if (low < this.firstIndex()) return null;
    assert(high <= this.lastIndex() + 1, `slice past the end: ${high}`);
    const offset = this.unstable.offset;
    let entries: Entry[] = [];
    if (low < offset) {
      const stableHigh = Math.min(high, offset);
      try {
        entries = this.storage.entries(low, stableHigh, maxBytes);
      } catch (error) {
        if (error instanceof CompactedError) return null;
        throw error;
      }
      if (entries.length < stableHigh - low) return entries;
    }
    if (high > offset) {
      entries = entries.concat(this.unstable.slice(Math.max(low, offset), high));
    }
    return limitSize(entries, maxBytes);
  }

  /** Raises the commit index. Contract: never past the last index. */
  commitTo(index: number): void {
    if (index <= this.committed) return;
    assert(index <= this.lastIndex(), `commit ${index} past last index ${this.lastIndex()}`);
    this.committed = index;
  }

  /** Records that the application applied through `index`. */
  appliedTo(index: number): void {
    if (index === 0) return;
    assert(index <= this.committed && index >= this.applied, `bad applied index ${index}`);
    this.applied = index;
  }

  /** Committed entries not yet handed to the application, at most `maxBytes` (at least one). */
  nextCommittedEntries(maxBytes: number): Entry[] {
    if (this.unstable.snapshot !== null) return [];
    const low = Math.max(this.applied + 1, this.firstIndex());
    const high = this.committed + 1;
    if (low >= high) return [];
    const entries = this.slice(low, high, maxBytes);
    assert(entries !== null, 'unapplied committed entries must not be compacted');
    return entries;
  }

  /** True when committed entries wait to be applied. */
  hasNextCommittedEntries(): boolean {
    if (this.unstable.snapshot !== null) return false;
    return this.committed > Math.max(this.applied, this.firstIndex() - 1);
  }

  /** The snapshot to send a lagging follower: the pending one, else storage's. */
  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  /** Replaces the log with a leader's snapshot (§7). */
  restore(snapshot: Snapshot): void {
    this.committed = snapshot.metadata.index;
    this.unstable.restore(snapshot);
  }
}

/** The longest prefix of `entries` within `maxBytes`, but always at least one entry. */
export function limitSize(entries: Entry[], maxBytes: number): Entry[] {
  let size = 0;
  for (let i = 0; i < entries.length; i++) {
    size += entryBytes(entries[i] as Entry);
    if (i > 0 && size > maxBytes) return entries.slice(0, i);
  }
  return entries;
}
