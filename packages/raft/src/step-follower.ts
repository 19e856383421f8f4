import { assert } from './assert.ts';
import type { AppendMessage, HeartbeatMessage, Message, SnapshotMessage } from './message.ts';
import type { Raft } from './raft.ts';

/** The follower's step function: obey the leader of this term (§5.3), transfer on TimeoutNow. */
export function stepFollower(raft: Raft, message: Message): void {
  switch (message.type) {
    case 'append':
    case 'heartbeat':
    case 'snapshot':
      raft.electionElapsed = 0;
      raft.leaderId = message.from;
      handleFromLeader(raft, message);
      return;
    case 'timeoutNow':
      // Leadership transfer (thesis §3.10): campaign now, skipping pre-vote and leases.
      raft.campaign('transfer');
      return;
    case 'readIndexResponse':
      raft.readStates.push({ index: message.index, context: message.context });
      return;
    default:
      // Forwarded proposals and reads reach only the leader; a stale sender's client retries.
      return;
  }
}

function handleFromLeader(
  raft: Raft,
  message: AppendMessage | HeartbeatMessage | SnapshotMessage,
): void {
  if (message.type === 'append') handleAppend(raft, message);
  else if (message.type === 'heartbeat') handleHeartbeat(raft, message);
  else handleSnapshot(raft, message);
}

/** AppendEntries receiver (§5.3, Figure 2). */
function handleAppend(raft: Raft, message: AppendMessage): void {
  const base = {
    type: 'appendResponse',
    from: raft.id,
    to: message.from,
    term: raft.term,
  } as const;
  if (message.prevLogIndex < raft.log.committed) {
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

function handleHeartbeat(raft: Raft, message: HeartbeatMessage): void {
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
function handleSnapshot(raft: Raft, message: SnapshotMessage): void {
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

function replySnapshot(raft: Raft, message: SnapshotMessage, offset: number): void {
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
function restore(raft: Raft, snapshot: import('./types.ts').Snapshot): boolean {
  const { index, term, confState } = snapshot.metadata;
  if (raft.log.matchTerm(index, term)) {
    raft.log.commitTo(index);
    return false;
  }
  raft.log.restore(snapshot);
  raft.tracker.reset(confState, raft.log.lastIndex() + 1);
  return true;
}
