import type { ConfState, Entry, HardState, Snapshot } from './types.ts';

/**
 * The durable log as the core reads it. The core never writes through this interface: it
 * hands the driver entries and hard state to persist (see `Ready`), and the driver writes them
 * to its store before calling `advance()`. packages/db implements this on MySQL; `MemoryStorage`
 * implements it for tests and the simulator.
 *
 * Methods are synchronous because the core is: an implementation on a database keeps an
 * in-memory mirror of the unapplied tail of the log (etcd's MemoryStorage plays that role for
 * its WAL) and reads older entries on demand only for snapshots.
 */
export interface Storage {
  /** The hard state and membership saved at the last restart point. */
  initialState(): { hardState: HardState; confState: ConfState };
  /**
   * Entries in [low, high), at most `maxBytes` of `data` in total but always at least one when
   * the range is not empty. Throws `CompactedError` when `low <= snapshot index`, and
   * `UnavailableError` when `high > lastIndex() + 1`.
   */
  entries(low: number, high: number, maxBytes: number): Entry[];
  /**
   * The term of the entry at `index`. `index` may be the snapshot index (its term is known).
   * Throws `CompactedError` below that, `UnavailableError` past `lastIndex()`.
   */
  term(index: number): number;
  /** The index of the first entry still in the log (snapshot index + 1). */
  firstIndex(): number;
  /** The index of the last entry in the log (the snapshot index when the log is empty). */
  lastIndex(): number;
  /**
   * The most recent snapshot (metadata index 0, term 0, empty data when there is none). The
   * leader sends it to a follower whose next entry was compacted away. Its data may be empty
   * or a handle: see `Snapshot`.
   */
  snapshot(): Snapshot;
}

/** Expected: the requested index was compacted into a snapshot. */
export class CompactedError extends Error {
  override readonly name = 'CompactedError';
  constructor(readonly index: number) {
    super(`index ${index} is compacted`);
  }
}

/** Expected: the requested index is past the end of the log. */
export class UnavailableError extends Error {
  override readonly name = 'UnavailableError';
  constructor(readonly index: number) {
    super(`index ${index} is not yet available`);
  }
}
