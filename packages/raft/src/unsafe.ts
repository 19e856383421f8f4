/**
 * Test-only switches that break a Raft rule on purpose, so the tests can prove the simulator
 * and the checker notice. Deliberately not exported from the package index, and not part of
 * `RaftConfig`: a production driver cannot turn them on by accident.
 */
export interface UnsafeRules {
  /** Commit any entry a majority holds, even from a previous term (breaks §5.4.2). */
  commitPreviousTermByCounting?: boolean;
  /** Grant votes without the up-to-date check (breaks §5.4.1). */
  skipVoteUpToDateCheck?: boolean;
  /**
   * On an accepted append, commit up to min(leaderCommit, lastIndex) instead of min(leaderCommit,
   * last index the append covered): a stale suffix past the append commits (breaks §5.3,
   * AppendEntries receiver rule 5).
   */
  commitPastLastNewEntry?: boolean;
}

let pending: UnsafeRules = {};

/** Builds something (a RawNode) whose cores are constructed with `rules`. Test-only. */
export function withUnsafeRules<T>(rules: UnsafeRules, build: () => T): T {
  pending = rules;
  try {
    return build();
  } finally {
    pending = {};
  }
}

/** Called by the core's constructor: the rules in force for it (normally none). */
export function takeUnsafeRules(): UnsafeRules {
  const rules = pending;
  pending = {};
  return rules;
}
