/**
 * The data the Raft core exchanges with its driver and its peers. Everything here is plain,
 * JSON-serialisable data: the node process sends messages over Socket.IO as they are, and
 * packages/db stores entries and hard state as they are.
 */

/** A node's id in the cluster, e.g. "n1". */
export type NodeId = string;

/** What an entry carries. `normal` entries carry the application's command bytes. */
export type EntryType = 'normal' | 'confChange';

/**
 * One log entry. Invariant: within a log, indexes are contiguous and terms never decrease.
 * An entry with empty `data` of type `normal` is the no-op a new leader appends (§5.4.2).
 */
export interface Entry {
  term: number;
  index: number;
  type: EntryType;
  /** Opaque to the core: the application's serialised command (or a ConfChange, as JSON). */
  data: string;
}

/** What must be on stable storage before the node answers a vote or an append (§5, Figure 2). */
export interface HardState {
  term: number;
  /** Who this node voted for in `term`, or null. */
  vote: NodeId | null;
  /** Highest index known committed; persisted so a restart does not re-apply from zero. */
  commit: number;
}

/** The membership of the cluster: voters decide, learners only receive the log. */
export interface ConfState {
  voters: NodeId[];
  learners: NodeId[];
}

/** What a snapshot covers: the state machine after applying every entry up to `index`. */
export interface SnapshotMetadata {
  index: number;
  term: number;
  confState: ConfState;
}

/** A change of membership, one server at a time (§6, "single-server changes"). */
export type ConfChange =
  | { type: 'addLearner'; nodeId: NodeId }
  | { type: 'promote'; nodeId: NodeId }
  | { type: 'remove'; nodeId: NodeId };

/**
 * A snapshot: the application's state after `metadata.index`, serialised by the application,
 * or a handle to it. The core moves `data` between nodes in bounded chunks and never looks
 * inside it. An application whose state is too large to hold (apps/node, whose state is its
 * MySQL tables) stores an empty `data`, streams the state out of band when the core sends a
 * `snapshot` message, and steps the message into the follower's core once the state is staged
 * there, with a handle as `data`: etcd's transport does the same with its backend file.
 */
export interface Snapshot {
  metadata: SnapshotMetadata;
  data: string;
}
