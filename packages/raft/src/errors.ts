/** Why a proposal, read or transfer was refused. Each is an expected condition, not a bug. */
export type RefusalReason =
  /** No leader is known: the caller should retry later or elsewhere. */
  | 'noLeader'
  /** The leader already holds `maxUncommittedBytes` of uncommitted entries. */
  | 'uncommittedBytesCapExceeded'
  /** A leadership transfer is in progress; proposals resume when it ends. */
  | 'transferInProgress'
  /** A membership change is still unapplied; only one may be pending at a time (§6). */
  | 'confChangePending'
  /** The membership change does not apply to the current configuration. */
  | 'invalidConfChange'
  /** This node is not a member of the configuration (it was removed). */
  | 'notMember'
  /** Too many ReadIndex requests are already waiting (`readIndexPendingMax`). */
  | 'readIndexQueueFull'
  /** The operation is only valid on the leader. */
  | 'notLeader'
  /** The transfer target is not a voter, or is this node. */
  | 'invalidTransferTarget';

/**
 * Expected: the core refused a proposal (or forwarded it nowhere). Returned, never thrown; the
 * proposal had no effect and may be retried.
 */
export class ProposalDroppedError extends Error {
  override readonly name = 'ProposalDroppedError';
  constructor(readonly reason: RefusalReason) {
    super(`proposal dropped: ${reason}`);
  }
}

/** Expected: a ReadIndex request was refused; the caller may retry. */
export class ReadIndexRefusedError extends Error {
  override readonly name = 'ReadIndexRefusedError';
  constructor(readonly reason: RefusalReason) {
    super(`read index refused: ${reason}`);
  }
}

/** Expected: a leadership transfer was refused. */
export class TransferRefusedError extends Error {
  override readonly name = 'TransferRefusedError';
  constructor(readonly reason: RefusalReason) {
    super(`leadership transfer refused: ${reason}`);
  }
}

/**
 * The outcome of `propose`/`proposeConfChange`. `index` is the log index the entry took when
 * this node is the leader; a follower forwards the proposal and cannot know it (`null`).
 */
export type ProposeResult =
  | { ok: true; index: number | null }
  | { ok: false; error: ProposalDroppedError };
