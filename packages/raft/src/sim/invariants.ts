import type { MemoryStorage } from '../memory-storage.ts';
import type { Entry, NodeId } from '../types.ts';

/** A broken safety or liveness property, with where it was seen. */
export class Violation extends Error {
  override readonly name = 'Violation';
  constructor(
    readonly property: string,
    detail: string,
  ) {
    super(`${property}: ${detail}`);
  }
}

/**
 * The Raft safety properties (§5.2, Figure 3), checked incrementally at every step:
 * - Election Safety: at most one leader per term.
 * - Leader Append-Only: a leader never overwrites or deletes its entries.
 * - Log Matching: same index and term means same entry and same history before it. Checked
 *   inductively: every (index, term) ever persisted anywhere must agree on data and on the term
 *   of the entry before it; by induction on the index, the logs then match up to there.
 * - Leader Completeness: a new leader's log holds every entry applied anywhere.
 * - State Machine Safety: no two nodes apply different entries at one index.
 */
export class SafetyChecker {
  private readonly leaders = new Map<number, NodeId>();
  /** Per node: the term it leads and the last index it had persisted as leader. */
  private readonly leading = new Map<NodeId, { term: number; lastIndex: number }>();
  private readonly entriesSeen = new Map<string, { data: string; previousTerm: number }>();
  /** Every applied (so committed) entry by index: the state machine's history. */
  readonly applied = new Map<number, { term: number; data: string }>();
  appliedMax = 0;

  /** A node reports its role in `term`. */
  onRole(id: NodeId, role: string, term: number, lastIndex: number): void {
    if (role !== 'leader') {
      this.leading.delete(id);
      return;
    }
    const other = this.leaders.get(term);
    if (other !== undefined && other !== id) {
      throw new Violation('Election Safety', `${other} and ${id} both lead term ${term}`);
    }
    this.leaders.set(term, id);
    this.leading.set(id, { term, lastIndex });
  }

  /** A node persisted `entries` into `storage` while in `term`. */
  onPersist(id: NodeId, term: number, entries: Entry[], storage: MemoryStorage): void {
    const first = entries[0];
    if (first === undefined) return;
    const lead = this.leading.get(id);
    if (lead !== undefined && lead.term === term) {
      if (first.index <= lead.lastIndex) {
        throw new Violation(
          'Leader Append-Only',
          `${id} leading term ${term} rewrote index ${first.index} (had ${lead.lastIndex})`,
        );
      }
      lead.lastIndex = storage.lastIndex();
    }
    for (const entry of entries) {
      if (entry.index < storage.firstIndex()) continue;
      const previousTerm = storage.term(entry.index - 1);
      const key = `${entry.index}:${entry.term}`;
      const seen = this.entriesSeen.get(key);
      if (seen === undefined) {
        this.entriesSeen.set(key, { data: entry.data, previousTerm });
      } else if (seen.data !== entry.data || seen.previousTerm !== previousTerm) {
        throw new Violation('Log Matching', `${id} holds a different entry ${key}`);
      }
    }
  }

  /** A node just became leader with `storage` as its (persisted) log. */
  onLeaderLog(id: NodeId, storage: MemoryStorage): void {
    const first = storage.firstIndex();
    const last = storage.lastIndex();
    for (let index = first; index <= this.appliedMax; index++) {
      const committed = this.applied.get(index);
      if (committed === undefined) continue;
      if (index > last || storage.term(index) !== committed.term) {
        throw new Violation(
          'Leader Completeness',
          `new leader ${id} lacks committed entry ${index} (term ${committed.term})`,
        );
      }
    }
  }

  /** A node installed a snapshot: it must cover the committed entry at its index. */
  onSnapshot(id: NodeId, index: number, term: number): void {
    const seen = this.applied.get(index);
    if (seen !== undefined && seen.term !== term) {
      throw new Violation(
        'State Machine Safety',
        `${id} installed a snapshot at ${index} of term ${term}; committed term ${seen.term}`,
      );
    }
  }

  /** A node applied `entry`. */
  onApply(id: NodeId, entry: Entry): void {
    const seen = this.applied.get(entry.index);
    if (seen === undefined) {
      this.applied.set(entry.index, { term: entry.term, data: entry.data });
      this.appliedMax = Math.max(this.appliedMax, entry.index);
    } else if (seen.term !== entry.term || seen.data !== entry.data) {
      throw new Violation(
        'State Machine Safety',
        `${id} applied term ${entry.term} at ${entry.index}, another node term ${seen.term}`,
      );
    }
  }
}
