import type {
  AppendResponseMessage,
  HeartbeatResponseMessage,
  Message,
  SnapshotResponseMessage,
} from './message.ts';
import type { Raft } from './raft.ts';
import type { Progress } from './tracker/progress.ts';
import type { NodeId } from './types.ts';

/** The leader's step function (§5.3): replication answers, forwarded requests. */
export function stepLeader(raft: Raft, message: Message): void {
  switch (message.type) {
    case 'propose':
      raft.propose(message.entries);
      return;
    case 'readIndex':
      raft.readIndex(message.from, message.context);
      return;
    case 'appendResponse':
    case 'heartbeatResponse':
    case 'snapshotResponse':
      stepLeaderResponse(raft, message);
      return;
    default:
      return;
  }
}

function stepLeaderResponse(
  raft: Raft,
  message: AppendResponseMessage | HeartbeatResponseMessage | SnapshotResponseMessage,
): void {
  const progress = raft.tracker.progress.get(message.from);
  if (progress === undefined) return;
  progress.recentActive = true;
  if (message.type === 'appendResponse') handleAppendResponse(raft, message, progress);
  else if (message.type === 'heartbeatResponse') handleHeartbeatResponse(raft, message, progress);
  else handleSnapshotResponse(raft, message, progress);
}

function handleAppendResponse(raft: Raft, message: AppendResponseMessage, progress: Progress) {
  if (message.reject) {
    // Fast back-off (§5.3): skip the follower's whole conflicting term in one round trip.
    const nextProbe =
      message.hintTerm > 0
        ? raft.log.findConflictByTerm(message.hintIndex, message.hintTerm)
        : message.hintIndex;
    if (progress.maybeDecrTo(message.index, nextProbe)) {
      if (progress.state === 'replicate') progress.becomeProbe();
      sendAppend(raft, message.from, true);
    }
    return;
  }
  const wasPaused = progress.isPaused();
  if (!progress.maybeUpdate(message.index)) return;
  if (progress.state === 'probe') {
    progress.becomeReplicate();
  } else if (progress.state === 'snapshot' && progress.match >= progress.pendingSnapshotIndex) {
    progress.becomeProbe();
    progress.becomeReplicate();
  } else if (progress.state === 'replicate') {
    progress.inflights.freeLE(message.index);
  }
  if (maybeCommit(raft)) {
    raft.releaseDeferredReads();
    bcastAppend(raft);
  } else if (wasPaused) {
    sendAppend(raft, message.from, true);
  }
  // Fill the window: bounded by inflightMessagesMax inside sendAppend.
  while (sendAppend(raft, message.from, false)) {}
  if (message.from === raft.leadTransferee && progress.match === raft.log.lastIndex()) {
    raft.sendTimeoutNow(message.from);
  }
}

function handleHeartbeatResponse(
  raft: Raft,
  message: HeartbeatResponseMessage,
  progress: Progress,
): void {
  progress.probeSent = false;
  if (progress.state === 'replicate' && progress.inflights.full()) {
    progress.inflights.freeFirstOne();
  }
  if (progress.state === 'snapshot') {
    // A whole heartbeat round without an acknowledged chunk: it or its answer was lost, so
    // resend from the last acknowledged offset.
    if (progress.snapshotStalled) sendSnapshotChunk(raft, message.from, progress);
    progress.snapshotStalled = true;
  } else if (progress.match < raft.log.lastIndex()) {
    sendAppend(raft, message.from, true);
  }
  if (message.context !== null) raft.ackRead(message.from, message.context);
}

function handleSnapshotResponse(
  raft: Raft,
  message: SnapshotResponseMessage,
  progress: Progress,
): void {
  if (progress.state !== 'snapshot' || message.index !== progress.pendingSnapshotIndex) return;
  progress.snapshotOffset = message.offset;
  progress.snapshotStalled = false;
  sendSnapshotChunk(raft, message.from, progress);
}

/**
 * Commits the highest index a majority holds, but only when it is from the current term
 * (§5.4.2): an older entry commits indirectly, with the current term's entry after it.
 */
export function maybeCommit(raft: Raft): boolean {
  const index = raft.tracker.committed();
  if (index <= raft.log.committed) return false;
  if (raft.unsafe.commitPreviousTermByCounting === true) {
    raft.log.commitTo(index);
    return true;
  }
  if (raft.log.term(index) !== raft.term) return false;
  raft.log.commitTo(index);
  return true;
}

/**
 * Sends `to` the entries after its `next`, within `maxEntriesPerMessage`/`maxBytesPerMessage`,
 * or a snapshot when they are compacted. Returns whether a message went out.
 */
export function sendAppend(raft: Raft, to: NodeId, sendIfEmpty: boolean): boolean {
  const progress = raft.tracker.progress.get(to);
  if (progress === undefined || to === raft.id || progress.isPaused()) return false;
  const prevLogIndex = progress.next - 1;
  const prevLogTerm = raft.log.term(prevLogIndex);
  const { maxEntriesPerMessage, maxBytesPerMessage } = raft.options;
  const high = Math.min(raft.log.lastIndex() + 1, progress.next + maxEntriesPerMessage);
  const entries =
    prevLogTerm === null ? null : raft.log.slice(progress.next, high, maxBytesPerMessage);
  if (prevLogTerm === null || entries === null) return sendSnapshot(raft, to, progress);
  if (entries.length === 0 && !sendIfEmpty) return false;
  const commit = raft.log.committed;
  raft.send({
    type: 'append',
    from: raft.id,
    to,
    term: raft.term,
    prevLogIndex,
    prevLogTerm,
    entries,
    commit,
  });
  const last = entries[entries.length - 1];
  if (progress.state === 'replicate' && last !== undefined) {
    progress.optimisticUpdate(last.index);
    progress.inflights.add(last.index);
  } else if (progress.state === 'probe') {
    progress.probeSent = true;
  }
  return true;
}

function sendSnapshot(raft: Raft, to: NodeId, progress: Progress): boolean {
  // Only stream to a follower that answers: a snapshot is the most expensive message.
  if (!progress.recentActive) return false;
  progress.becomeSnapshot(raft.log.snapshot().metadata.index);
  sendSnapshotChunk(raft, to, progress);
  return true;
}

/** Sends the chunk of the current snapshot at the follower's acknowledged offset (§7). */
export function sendSnapshotChunk(raft: Raft, to: NodeId, progress: Progress): void {
  const snapshot = raft.log.snapshot();
  if (snapshot.metadata.index !== progress.pendingSnapshotIndex) {
    // Compaction moved on while streaming: start over with the newer snapshot.
    progress.becomeSnapshot(snapshot.metadata.index);
  }
  const offset = Math.min(progress.snapshotOffset, snapshot.data.length);
  const data = snapshot.data.slice(offset, offset + raft.options.snapshotChunkBytes);
  const done = offset + data.length >= snapshot.data.length;
  const metadata = snapshot.metadata;
  raft.send({ type: 'snapshot', from: raft.id, to, term: raft.term, metadata, offset, data, done });
}

/**
 * Sends every other member what it is missing (an empty append when nothing is), pipelining
 * batches to followers in replicate state until their in-flight window is full.
 */
export function bcastAppend(raft: Raft): void {
  for (const id of raft.tracker.progress.keys()) {
    if (id === raft.id) continue;
    if (sendAppend(raft, id, true)) {
      // Bounded by inflightMessagesMax: a full window pauses the follower.
      while (sendAppend(raft, id, false)) {}
    }
  }
}

/**
 * Heartbeats every other member. The commit carried never exceeds what the member has matched,
 * so a follower never commits past its own log.
 */
export function bcastHeartbeat(raft: Raft, context: string | null): void {
  for (const [id, progress] of raft.tracker.progress) {
    if (id === raft.id) continue;
    const commit = Math.min(progress.match, raft.log.committed);
    raft.send({ type: 'heartbeat', from: raft.id, to: id, term: raft.term, commit, context });
  }
}
