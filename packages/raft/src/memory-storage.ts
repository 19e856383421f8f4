import { assert } from './assert.ts';
import { limitSize } from './log.ts';
import { CompactedError, type Storage, UnavailableError } from './storage.ts';
import type { ConfState, Entry, HardState, Snapshot } from './types.ts';

/** Expected: a snapshot older than the one already held was offered. */
export class SnapshotOutOfDateError extends Error {
  override readonly name = 'SnapshotOutOfDateError';
}

/**
 * An in-memory `Storage` for tests and the simulator: it is what "persisted" means there, so a
 * simulated crash keeps exactly this and loses the core. Invariant: `entries[0]` is a dummy at
 * the snapshot index carrying the snapshot term; real entries follow contiguously.
 */
export class MemoryStorage implements Storage {
  private hardState: HardState = { term: 0, vote: null, commit: 0 };
  private current: Snapshot;
  private log: Entry[];

  /** `confState` bootstraps a new cluster: give every founding member the same one. */
  constructor(options: { confState?: ConfState } = {}) {
    const confState = options.confState ?? { voters: [], learners: [] };
    this.current = { metadata: { index: 0, term: 0, confState }, data: '' };
    this.log = [{ index: 0, term: 0, type: 'normal', data: '' }];
  }

  initialState(): { hardState: HardState; confState: ConfState } {
    return { hardState: { ...this.hardState }, confState: this.current.metadata.confState };
  }

  /** Saves the hard state (the driver does this from `Ready.hardState`). */
  setHardState(hardState: HardState): void {
    this.hardState = { ...hardState };
  }

  entries(low: number, high: number, maxBytes: number): Entry[] {
    const offset = this.offset();
    if (low <= offset) throw new CompactedError(low);
    if (high > this.lastIndex() + 1) throw new UnavailableError(high);
    return limitSize(this.log.slice(low - offset, high - offset), maxBytes);
  }

  term(index: number): number {
    const offset = this.offset();
    if (index < offset) throw new CompactedError(index);
    if (index > this.lastIndex()) throw new UnavailableError(index);
    const entry = this.log[index - offset];
    assert(entry !== undefined, 'entry in range');
    return entry.term;
  }

  firstIndex(): number {
    return this.offset() + 1;
  }

  lastIndex(): number {
    return this.offset() + this.log.length - 1;
  }

  snapshot(): Snapshot {
    return this.current;
  }

  /** Installs a leader's snapshot (from `Ready.snapshot`), discarding the whole log. */
  applySnapshot(snapshot: Snapshot): SnapshotOutOfDateError | null {
    if (snapshot.metadata.index <= this.current.metadata.index) {
      return new SnapshotOutOfDateError('snapshot is older than the one held');
    }
    this.current = snapshot;
    const { index, term } = snapshot.metadata;
    this.log = [{ index, term, type: 'normal', data: '' }];
    return null;
  }

  /**
   * Records a snapshot of the application at `index` (which it has applied). Contract: `index`
   * is within the log. Compaction is separate: see `compact`.
   */
  createSnapshot(
    index: number,
    confState: ConfState,
    data: string,
  ): Snapshot | SnapshotOutOfDateError {
    if (index <= this.current.metadata.index) {
      return new SnapshotOutOfDateError('snapshot is older than the one held');
    }
    assert(index <= this.lastIndex(), `snapshot index ${index} past the last index`);
    this.current = { metadata: { index, term: this.term(index), confState }, data };
    return this.current;
  }

  /**
   * Discards entries before `index`; `index` becomes the dummy. Contract: `index` is at or below
   * the snapshot index, so whatever is discarded can be sent as the snapshot.
   */
  compact(index: number): CompactedError | null {
    const offset = this.offset();
    if (index <= offset) return new CompactedError(index);
    assert(index <= this.current.metadata.index, 'compact past the snapshot');
    this.log = this.log.slice(index - offset);
    const dummy = this.log[0];
    assert(dummy !== undefined, 'dummy entry');
    this.log[0] = { ...dummy, type: 'normal', data: '' };
    return null;
  }

  /**
   * Appends entries from `Ready.entries`, truncating the stored suffix they overwrite (§5.3).
   * Entries at or below the snapshot are already covered and skipped.
   */
  append(entries: Entry[]): void {
    const first = this.firstIndex();
    const fresh = entries.filter((entry) => entry.index >= first);
    const start = fresh[0];
    if (start === undefined) return;
    assert(start.index <= this.lastIndex() + 1, `gap before appended index ${start.index}`);
    this.log.length = start.index - this.offset();
    this.log.push(...fresh);
  }

  private offset(): number {
    const dummy = this.log[0];
    assert(dummy !== undefined, 'dummy entry');
    return dummy.index;
  }
}
