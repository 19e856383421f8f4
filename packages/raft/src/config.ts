import { assert } from './assert.ts';
import type { Random } from './random.ts';
import type { Storage } from './storage.ts';
import type { NodeId } from './types.ts';

/**
 * How to build a node. Membership comes from `storage.initialState().confState` (bootstrap a new
 * cluster by giving every member's storage the same initial configuration, as `MemoryStorage`
 * does with its `confState` option). Sizes are in UTF-16 code units of entry data.
 */
export interface RaftConfig {
  id: NodeId;
  storage: Storage;
  /**
   * Bootstrap voters, used only while storage holds no configuration at all (a brand-new
   * cluster whose storage was not given one). Every founding member must pass the same list.
   */
  voters?: NodeId[];
  /** The seeded generator that randomizes election timeouts. Never the global, unseeded one. */
  random: Random;
  /** Followers campaign after a random timeout in [T, 2T) ticks (§5.2). Default 10. */
  electionTimeoutTicks?: number;
  /** The leader sends heartbeats this often. Must be < electionTimeoutTicks. Default 1. */
  heartbeatIntervalTicks?: number;
  /** The last index the application already applied (restart point). Default: snapshot index. */
  applied?: number;
  /** Bound on entries in one append message. Default 64. */
  maxEntriesPerMessage?: number;
  /** Bound on entry bytes in one append message (at least one entry is sent). Default 1 MiB. */
  maxBytesPerMessage?: number;
  /** Bound on appends in flight to one follower in replicate state. Default 256. */
  inflightMessagesMax?: number;
  /** Bound on uncommitted entry bytes at the leader; beyond it proposals are refused. */
  maxUncommittedBytes?: number;
  /** Bound on snapshot bytes per InstallSnapshot chunk. Default 64 KiB. */
  snapshotChunkBytes?: number;
  /** Bound on committed entry bytes per Ready (at least one entry). Default 4 MiB. */
  maxCommittedBytesPerReady?: number;
  /** Bound on ReadIndex requests waiting at the leader. Default 1024. */
  readIndexPendingMax?: number;
  /** Run a pre-vote round before campaigning (thesis §9.6). Default true. */
  preVote?: boolean;
  /** Leaders step down without a majority's answers each election timeout. Default true. */
  checkQuorum?: boolean;
}

/** A config with every default filled in. */
export type ResolvedConfig = Required<Omit<RaftConfig, 'applied' | 'voters'>> & {
  applied: number | null;
  voters: NodeId[];
};

/** Fills in defaults and checks the bounds. Throws on a nonsensical config (a caller bug). */
export function resolveConfig(config: RaftConfig): ResolvedConfig {
  const resolved: ResolvedConfig = {
    electionTimeoutTicks: 10,
    heartbeatIntervalTicks: 1,
    maxEntriesPerMessage: 64,
    maxBytesPerMessage: 1 << 20,
    inflightMessagesMax: 256,
    maxUncommittedBytes: 64 << 20,
    snapshotChunkBytes: 64 << 10,
    maxCommittedBytesPerReady: 4 << 20,
    readIndexPendingMax: 1024,
    preVote: true,
    checkQuorum: true,
    ...stripUndefined(config),
    applied: config.applied ?? null,
    voters: config.voters ?? [],
  };
  assert(resolved.id.length > 0, 'config.id must not be empty');
  assert(resolved.heartbeatIntervalTicks >= 1, 'heartbeatIntervalTicks must be >= 1');
  assert(
    resolved.electionTimeoutTicks > resolved.heartbeatIntervalTicks,
    'electionTimeoutTicks must exceed heartbeatIntervalTicks',
  );
  for (const bound of [
    resolved.maxEntriesPerMessage,
    resolved.inflightMessagesMax,
    resolved.snapshotChunkBytes,
    resolved.readIndexPendingMax,
  ]) {
    assert(Number.isInteger(bound) && bound >= 1, 'bounds must be positive integers');
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
