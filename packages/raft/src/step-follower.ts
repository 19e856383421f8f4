import { assert } from './assert.ts';
import {
  ProposalDroppedError,
  type ProposeResult,
  ReadIndexRefusedError,
  TransferRefusedError,
} from './errors.ts';
import type {
  AppendMessage,
  HeartbeatMessage,
  ProposeMessage,
  ReadIndexMessage,
  SnapshotMessage,
} from './message.ts';
import type { RaftState, StepMessage, StepOutcome } from './raft-state.ts';
import type { Snapshot } from './types.ts';

/**
 * The follower's step function: obey the leader of this term (§5.3), pass the driver's requests
 * on to it, transfer on TimeoutNow.
 */
export function stepFollower(raft: RaftState, message: StepMessage): StepOutcome {
  switch (message.type) {
    case 'append':
    case 'heartbeat':
    case 'snapshot':
      raft.electionElapsed = 0;
      raft.leaderId = message.from;
      handleFromLeader(raft, message);
      return null;
    case 'timeoutNow':
      // Leadership transfer (thesis §3.10): campaign now, skipping pre-vote and leases.
      raft.campaign('transfer');
      return null;
    case 'readIndexResponse':
      raft.readStates.push({ index: message.index, context: message.context });
      return null;
    case 'propose':
      return forwardProposal(raft, message);
    case 'readIndex':
      return forwardReadIndex(raft, message);
    case 'transferLeader':
      // Only the leader hands over. Refused, not forwarded as etcd does: the driver asks only
      // the node it sees leading, and a typed refusal tells it when that view was stale.
      return new TransferRefusedError('notLeader');
    default:
      // Late answers to an election or a leadership this node has since left.
      return null;
  }
}

/**
 * Sends the driver's proposal to the leader, which gives it its index (so `index: null` here).
 * One that a peer forwarded to us is dropped: requests travel one hop, so a sender with a stale
 * view of the leader cannot bounce them around, and its client retries.
 */
function forwardProposal(raft: RaftState, message: ProposeMessage): ProposeResult | null {
  if (message.from !== raft.id) return null;
  if (raft.leaderId === null) return { ok: false, error: new ProposalDroppedError('noLeader') };
  raft.send({ ...message, to: raft.leaderId });
  return { ok: true, index: null };
}

/** Sends the driver's ReadIndex request to the leader; a peer's is dropped, as proposals are. */
function forwardReadIndex(
  raft: RaftState,
  message: ReadIndexMessage,
): ReadIndexRefusedError | null {
  if (message.from !== raft.id) return null;
  if (raft.leaderId === null) return new ReadIndexRefusedError('noLeader');
  raft.send({ ...message, to: raft.leaderId });
  return null;
}

function handleFromLeader(
  raft: RaftState,
  message: AppendMessage | HeartbeatMessage | SnapshotMessage,
): void {
  if (message.type === 'append') handleAppend(raft, message);
  else if (message.type === 'heartbeat') handleHeartbeat(raft, message);
  else handleSnapshot(raft, message);
}

/** AppendEntries receiver (§5.3, Figure 2). */
function handleAppend(raft: RaftState, message: AppendMessage): void {
  const base = {
    type: 'appendResponse',
    from: raft.id,
    to: message.from,
    term: raft.term,
  } as const;
  if (message.prevLogIndex < raft.log.committed) {
    // A late or duplicated append: our committed prefix matches every leader's log (§5.4), so
    // say how far it reaches instead of matching entries we cannot truncate anyway.
    raft.send({ ...base, index: raft.log.committed, reject: false, hintIndex: 0, hintTerm: 0 });
    return;
  }
  const { prevLogIndex, prevLogTerm, commit, entries } = message;
  const last = raft.log.maybeAppend(prevLogIndex, prevLogTerm, commit, entries);
  if (last !== null) {
    if (raft.unsafe.commitPastLastNewEntry === true) {
      raft.log.commitTo(Math.min(commit, raft.log.lastIndex()));
    }
    raft.send({ ...base, index: last, reject: false, hintIndex: 0, hintTerm: 0 });
    return;
  }
  // Reject with a hint: our last index at or below prevLogIndex with term <= prevLogTerm.
  const probe = Math.min(prevLogIndex, raft.log.lastIndex());
  const hintIndex = raft.log.findConflictByTerm(probe, prevLogTerm);
  const hintTerm = raft.log.term(hintIndex) ?? 0;
  raft.send({ ...base, index: prevLogIndex, reject: true, hintIndex, hintTerm });
}

function handleHeartbeat(raft: RaftState, message: HeartbeatMessage): void {
  raft.log.commitTo(Math.min(message.commit, raft.log.lastIndex()));
  const { context } = message;
  raft.send({
    type: 'heartbeatResponse',
    from: raft.id,
    to: message.from,
    term: raft.term,
    context,
  });
}

/**
 * InstallSnapshot receiver (§7), chunked: chunks must arrive in order; any gap is answered with
 * the offset we expect, and the leader resends from there.
 */
function handleSnapshot(raft: RaftState, message: SnapshotMessage): void {
  const { metadata } = message;
  if (metadata.index <= raft.log.committed) {
    raft.snapshotBuffer = null;
    const index = raft.log.committed;
    raft.send({
      ...{ type: 'appendResponse', from: raft.id, to: message.from, term: raft.term },
      ...{ index, reject: false, hintIndex: 0, hintTerm: 0 },
    });
    return;
  }
  const buffer = raft.snapshotBuffer;
  const sameSnapshot =
    buffer !== null &&
    buffer.metadata.index === metadata.index &&
    buffer.metadata.term === metadata.term;
  if (message.offset === 0) {
    raft.snapshotBuffer = { metadata, data: message.data };
  } else if (sameSnapshot && buffer.data.length === message.offset) {
    buffer.data += message.data;
  } else {
    const offset = sameSnapshot ? buffer.data.length : 0;
    replySnapshot(raft, message, offset);
    return;
  }
  const received = raft.snapshotBuffer;
  assert(received !== null, 'snapshot buffer just set');
  if (!message.done) {
    replySnapshot(raft, message, received.data.length);
    return;
  }
  raft.snapshotBuffer = null;
  // The answer becomes the leader's match for us, so it vouches only for what we know matches
  // (etcd raft.go handleSnapshot): after installing, the log ends at the snapshot; after only
  // fast-forwarding, the commit (now the snapshot index). What follows the snapshot point may be
  // a stale suffix from an old term: answered as lastIndex, the leader would count it toward a
  // majority and send it a commit (heartbeats carry min(match, commit)).
  // Our leader never sends a snapshot into that state, so no simulator seed reaches it and
  // test/snapshot.test.ts is the proof. It streams one only when nextIndex is at or below its
  // snapshot index, and nextIndex never falls to the last index the logs shared when its term
  // began: it starts past the leader's last entry, a rejected append lies past the shared prefix
  // and both sides' back-off hints stop at or above it, and replicate resumes at match + 1.
  // So the follower holds the snapshot point only after accepting an append that conflicted at
  // the divergence and truncated its stale suffix; from then on its log is a prefix of the
  // leader's. Late, duplicated, reordered or short copies of messages change none of that.
  const index = restore(raft, received) ? raft.log.lastIndex() : raft.log.committed;
  raft.send({
    ...{ type: 'appendResponse', from: raft.id, to: message.from, term: raft.term },
    ...{ index, reject: false, hintIndex: 0, hintTerm: 0 },
  });
}

function replySnapshot(raft: RaftState, message: SnapshotMessage, offset: number): void {
  const index = message.metadata.index;
  raft.send({
    type: 'snapshotResponse',
    from: raft.id,
    to: message.from,
    term: raft.term,
    index,
    offset,
  });
}

/**
 * Installs a complete snapshot and returns true, unless our log already holds its last entry:
 * then it only commits up to it and returns false (etcd raft.go `restore`).
 */
function restore(raft: RaftState, snapshot: Snapshot): boolean {
  const { index, term, confState } = snapshot.metadata;
  if (raft.log.matchTerm(index, term)) {
    raft.log.commitTo(index);
    return false;
  }
  raft.log.restore(snapshot);
  raft.tracker.reset(confState, raft.log.lastIndex() + 1);
  return true;
}
