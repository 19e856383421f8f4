import type { ConfState, Entry, EntryType, NodeId, SnapshotMetadata } from './types.ts';

/**
 * Raft messages: plain JSON objects, one-way; responses are messages too. Every message names
 * its sender, its recipient and the sender's term. Forwarded requests (`propose`, `readIndex`)
 * carry term 0: they are not part of the protocol's term ordering and are never answered with a
 * term change (etcd treats MsgProp and MsgReadIndex the same way).
 */
export type Message =
  | VoteMessage
  | VoteResponseMessage
  | AppendMessage
  | AppendResponseMessage
  | HeartbeatMessage
  | HeartbeatResponseMessage
  | SnapshotMessage
  | SnapshotResponseMessage
  | TimeoutNowMessage
  | ProposeMessage
  | ReadIndexMessage
  | ReadIndexResponseMessage;

/** The fields every message has. */
export interface MessageHeader {
  from: NodeId;
  to: NodeId;
  term: number;
}

/**
 * RequestVote (§5.2), or its pre-vote probe (thesis §9.6), whose `term` is the term the sender
 * would campaign in. `force` is set by a leadership transfer so a leader lease does not block it.
 */
export interface VoteMessage extends MessageHeader {
  type: 'vote' | 'preVote';
  lastLogIndex: number;
  lastLogTerm: number;
  force: boolean;
}

/** The answer to a vote or pre-vote. A granted pre-vote carries the requested term. */
export interface VoteResponseMessage extends MessageHeader {
  type: 'voteResponse' | 'preVoteResponse';
  reject: boolean;
}

/** AppendEntries (§5.3): entries after (prevLogIndex, prevLogTerm), and the leader's commit. */
export interface AppendMessage extends MessageHeader {
  type: 'append';
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  commit: number;
}

/**
 * The answer to an append. On success `index` is the last index now known to match the leader.
 * On reject `index` is the rejected `prevLogIndex`, and (`hintIndex`, `hintTerm`) is the
 * follower's last entry at or below it whose term is at most the leader's `prevLogTerm`: the
 * leader skips back a whole term per round trip instead of one entry (§5.3, "fast back-off").
 */
export interface AppendResponseMessage extends MessageHeader {
  type: 'appendResponse';
  index: number;
  reject: boolean;
  hintIndex: number;
  hintTerm: number;
}

/**
 * A heartbeat: keeps followers from campaigning, carries the commit index (never past what
 * the follower has matched), and an optional ReadIndex context to confirm leadership (§8).
 */
export interface HeartbeatMessage extends MessageHeader {
  type: 'heartbeat';
  commit: number;
  context: string | null;
}

/** The answer to a heartbeat, echoing its ReadIndex context. */
export interface HeartbeatResponseMessage extends MessageHeader {
  type: 'heartbeatResponse';
  context: string | null;
}

/**
 * One chunk of InstallSnapshot (§7): `data` is the slice of the snapshot at `offset`; `done`
 * marks the last chunk. Every chunk repeats the metadata so a chunk is self-describing.
 */
export interface SnapshotMessage extends MessageHeader {
  type: 'snapshot';
  metadata: SnapshotMetadata;
  offset: number;
  data: string;
  done: boolean;
}

/** Acknowledges snapshot chunks: `offset` is the next offset the follower expects. */
export interface SnapshotResponseMessage extends MessageHeader {
  type: 'snapshotResponse';
  index: number;
  offset: number;
}

/** Leadership transfer: the target campaigns at once, bypassing pre-vote and leases. */
export interface TimeoutNowMessage extends MessageHeader {
  type: 'timeoutNow';
}

/** An entry a client proposes, before the leader gives it a term and an index. */
export interface ProposedEntry {
  type: EntryType;
  data: string;
}

/** Proposals: the driver's own, stepped into its node, or forwarded by a follower (term 0). */
export interface ProposeMessage extends MessageHeader {
  type: 'propose';
  entries: ProposedEntry[];
}

/** A ReadIndex request: the driver's own, or forwarded by a follower to its leader (term 0). */
export interface ReadIndexMessage extends MessageHeader {
  type: 'readIndex';
  context: string;
}

/**
 * Asks the leader to hand leadership to `transferee` (thesis §3.10). Local only: the driver steps
 * it into its own node, so it is not a `Message`, never sent and never parsed.
 */
export interface TransferLeaderMessage extends MessageHeader {
  type: 'transferLeader';
  transferee: NodeId;
}

/** The leader's answer to a forwarded ReadIndex: reads at `index` are linearizable. */
export interface ReadIndexResponseMessage extends MessageHeader {
  type: 'readIndexResponse';
  index: number;
  context: string;
}

/** Bound on entries in one parsed message, so a hostile frame cannot make us loop forever. */
export const PARSE_ENTRIES_MAX = 1 << 16;

type Fields = Record<string, unknown>;

/**
 * Checks that `value` is a well-formed `Message` and returns a fresh copy holding only the known
 * fields, or `null`. Pure, dependency-free, and never throws, whatever it is given: the node runs
 * every frame from the network through it and drops what does not parse.
 */
export function parseMessage(value: unknown): Message | null {
  try {
    return parseUnsafe(value);
  } catch {
    return null;
  }
}

function parseUnsafe(value: unknown): Message | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Fields;
  if (!isNodeId(v.from) || !isNodeId(v.to) || !isIndex(v.term)) return null;
  const header = { from: v.from, to: v.to, term: v.term };
  // Own keys only: through the prototype chain, type "constructor" would find Object (which
  // hands back the input itself) and "toString" a function returning a string.
  if (typeof v.type !== 'string' || !Object.hasOwn(parsers, v.type)) return null;
  return parsers[v.type as Message['type']](v, header);
}

type Parser = (v: Fields, header: MessageHeader) => Message | null;

/** One parser per message type; the type system checks none is missing. */
const parsers: Record<Message['type'], Parser> = {
  vote: (v, h) => parseVote(v, h, 'vote'),
  preVote: (v, h) => parseVote(v, h, 'preVote'),
  voteResponse: (v, h) =>
    typeof v.reject === 'boolean' ? { ...h, type: 'voteResponse', reject: v.reject } : null,
  preVoteResponse: (v, h) =>
    typeof v.reject === 'boolean' ? { ...h, type: 'preVoteResponse', reject: v.reject } : null,
  append: parseAppend,
  appendResponse: (v, h) => {
    if (!isIndex(v.index) || typeof v.reject !== 'boolean') return null;
    if (!isIndex(v.hintIndex) || !isIndex(v.hintTerm)) return null;
    const { index, reject, hintIndex, hintTerm } = v;
    return { ...h, type: 'appendResponse', index, reject, hintIndex, hintTerm };
  },
  heartbeat: (v, h) => {
    if (!isIndex(v.commit) || !isContext(v.context)) return null;
    return { ...h, type: 'heartbeat', commit: v.commit, context: v.context };
  },
  heartbeatResponse: (v, h) =>
    isContext(v.context) ? { ...h, type: 'heartbeatResponse', context: v.context } : null,
  snapshot: parseSnapshot,
  snapshotResponse: (v, h) => {
    if (!isIndex(v.index) || !isIndex(v.offset)) return null;
    return { ...h, type: 'snapshotResponse', index: v.index, offset: v.offset };
  },
  timeoutNow: (_v, h) => ({ ...h, type: 'timeoutNow' }),
  propose: parsePropose,
  readIndex: (v, h) =>
    typeof v.context === 'string' ? { ...h, type: 'readIndex', context: v.context } : null,
  readIndexResponse: (v, h) => {
    if (!isIndex(v.index) || typeof v.context !== 'string') return null;
    return { ...h, type: 'readIndexResponse', index: v.index, context: v.context };
  },
};

function parseVote(v: Fields, h: MessageHeader, type: 'vote' | 'preVote'): Message | null {
  if (!isIndex(v.lastLogIndex) || !isIndex(v.lastLogTerm) || typeof v.force !== 'boolean') {
    return null;
  }
  const { lastLogIndex, lastLogTerm, force } = v;
  if (lastLogTerm > h.term) return null;
  return { ...h, type, lastLogIndex, lastLogTerm, force };
}

function parseAppend(v: Fields, h: MessageHeader): Message | null {
  if (!isIndex(v.prevLogIndex) || !isIndex(v.prevLogTerm) || !isIndex(v.commit)) return null;
  const entries = parseEntries(v.entries);
  if (entries === null) return null;
  const { prevLogIndex, prevLogTerm, commit } = v;
  // Structural consistency a correct leader always has: entries follow prevLogIndex, and no
  // term in the message is later than the sender's.
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (first !== undefined && (first.index !== prevLogIndex + 1 || first.term < prevLogTerm)) {
    return null;
  }
  if (prevLogTerm > h.term || (last !== undefined && last.term > h.term)) return null;
  return { ...h, type: 'append', prevLogIndex, prevLogTerm, entries, commit };
}

function parseSnapshot(v: Fields, h: MessageHeader): Message | null {
  const metadata = parseMetadata(v.metadata);
  if (metadata === null || !isIndex(v.offset) || typeof v.data !== 'string') return null;
  if (typeof v.done !== 'boolean') return null;
  return { ...h, type: 'snapshot', metadata, offset: v.offset, data: v.data, done: v.done };
}

function parsePropose(v: Fields, h: MessageHeader): Message | null {
  if (!Array.isArray(v.entries) || v.entries.length > PARSE_ENTRIES_MAX) return null;
  const entries: ProposedEntry[] = [];
  for (const e of v.entries as unknown[]) {
    if (typeof e !== 'object' || e === null) return null;
    const f = e as Fields;
    if (!isEntryType(f.type) || typeof f.data !== 'string') return null;
    entries.push({ type: f.type, data: f.data });
  }
  return { ...h, type: 'propose', entries };
}

function parseEntries(value: unknown): Entry[] | null {
  if (!Array.isArray(value) || value.length > PARSE_ENTRIES_MAX) return null;
  const entries: Entry[] = [];
  for (const e of value as unknown[]) {
    if (typeof e !== 'object' || e === null) return null;
    const f = e as Fields;
    if (!isIndex(f.term) || !isIndex(f.index) || f.index === 0) return null;
    if (!isEntryType(f.type) || typeof f.data !== 'string') return null;
    const previous = entries[entries.length - 1];
    if (previous !== undefined && (f.index !== previous.index + 1 || f.term < previous.term)) {
      return null;
    }
    entries.push({ term: f.term, index: f.index, type: f.type, data: f.data });
  }
  return entries;
}

function parseMetadata(value: unknown): SnapshotMetadata | null {
  if (typeof value !== 'object' || value === null) return null;
  const f = value as Fields;
  if (!isIndex(f.index) || !isIndex(f.term)) return null;
  const confState = parseConfState(f.confState);
  return confState === null ? null : { index: f.index, term: f.term, confState };
}

function parseConfState(value: unknown): ConfState | null {
  if (typeof value !== 'object' || value === null) return null;
  const f = value as Fields;
  if (!isNodeIdList(f.voters) || !isNodeIdList(f.learners)) return null;
  return { voters: [...f.voters], learners: [...f.learners] };
}

function isNodeIdList(value: unknown): value is NodeId[] {
  return Array.isArray(value) && value.length <= PARSE_ENTRIES_MAX && value.every(isNodeId);
}

function isNodeId(value: unknown): value is NodeId {
  return typeof value === 'string' && value.length > 0;
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isContext(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isEntryType(value: unknown): value is EntryType {
  return value === 'normal' || value === 'confChange';
}
