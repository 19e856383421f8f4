import { parseConfChange } from './conf-change.ts';
import {
  ProposalDroppedError,
  type ProposeResult,
  ReadIndexRefusedError,
  TransferRefusedError,
} from './errors.ts';
import { entryBytes } from './log.ts';
import type {
  AppendResponseMessage,
  HeartbeatResponseMessage,
  ProposedEntry,
  SnapshotResponseMessage,
} from './message.ts';
import type { RaftState, StepMessage, StepOutcome } from './raft-state.ts';
import type { Progress } from './tracker/progress.ts';
import type { Entry, NodeId } from './types.ts';

/**
 * The leader's step function (§5.3): the driver's requests and those followers forward, and the
 * answers to its replication.
 */
export function stepLeader(raft: RaftState, message: StepMessage): StepOutcome {
  switch (message.type) {
    case 'propose':
      return propose(raft, message.entries);
    case 'readIndex':
      return readIndex(raft, message.from, message.context);
    case 'transferLeader':
      return transferLeadership(raft, message.transferee);
    case 'appendResponse':
    case 'heartbeatResponse':
    case 'snapshotResponse':
      stepLeaderResponse(raft, message);
      return null;
    default:
      // Vote answers arriving after the win count for nothing, and what only a leader sends
      // cannot come from another leader of this term: a term has at most one (§5.2).
      return null;
  }
}

/** A proposal made here or forwarded by a follower: appended and replicated unless refused. */
function propose(raft: RaftState, entries: ProposedEntry[]): ProposeResult {
  const refusal = checkProposal(raft, entries);
  if (refusal !== null) return { ok: false, error: refusal };
  if (!appendEntries(raft, entries)) {
    return { ok: false, error: new ProposalDroppedError('uncommittedBytesCapExceeded') };
  }
  const index = raft.log.lastIndex();
  if (entries.some((entry) => entry.type === 'confChange')) raft.pendingConfIndex = index;
  bcastAppend(raft);
  return { ok: true, index };
}

function checkProposal(raft: RaftState, entries: ProposedEntry[]): ProposalDroppedError | null {
  if (!raft.tracker.progress.has(raft.id)) return new ProposalDroppedError('notMember');
  if (raft.leadTransferee !== null) return new ProposalDroppedError('transferInProgress');
  const changes = entries.filter((entry) => entry.type === 'confChange');
  if (changes.length === 0) return null;
  // One server at a time, and only once the previous change is applied (§6).
  if (changes.length > 1 || raft.pendingConfIndex > raft.log.applied) {
    return new ProposalDroppedError('confChangePending');
  }
  const change = parseConfChange(changes[0]?.data ?? '');
  if (change === null || raft.tracker.validate(change) !== null) {
    return new ProposalDroppedError('invalidConfChange');
  }
  return null;
}

/** Appends entries at the leader (assigning term and index); refuses over the byte cap. */
export function appendEntries(raft: RaftState, entries: ProposedEntry[]): boolean {
  let bytes = 0;
  for (const entry of entries) bytes += entryBytes(entry);
  // An empty pipeline always takes one batch, so one large entry cannot wedge the leader.
  if (
    raft.uncommittedBytes > 0 &&
    raft.uncommittedBytes + bytes > raft.options.maxUncommittedBytes
  ) {
    return false;
  }
  raft.uncommittedBytes += bytes;
  let index = raft.log.lastIndex();
  const full: Entry[] = entries.map((e) => ({ ...e, term: raft.term, index: ++index }));
  const last = raft.log.append(full);
  raft.tracker.progress.get(raft.id)?.maybeUpdate(last);
  maybeCommit(raft);
  return true;
}

/**
 * ReadIndex (§8): record the commit index, confirm leadership with a heartbeat round, then
 * release the read to `from`, this node or the follower that forwarded it.
 */
function readIndex(raft: RaftState, from: NodeId, context: string): ReadIndexRefusedError | null {
  if (raft.tracker.voters.size === 1 && raft.tracker.voters.has(raft.id)) {
    answerRead(raft, from, raft.log.committed, context);
    return null;
  }
  const queued = raft.readOnly.size() + raft.deferredReads.length;
  if (queued >= raft.options.readIndexPendingMax) {
    return new ReadIndexRefusedError('readIndexQueueFull');
  }
  // Until an entry of its term commits, the leader's commit index may lag the true one.
  if (raft.log.term(raft.log.committed) !== raft.term) {
    raft.deferredReads.push({ from, context });
    return null;
  }
  if (raft.readOnly.has(context)) return null;
  raft.readOnly.add({ index: raft.log.committed, from, context });
  ackRead(raft, raft.id, context);
  bcastHeartbeat(raft, context);
  return null;
}

/** Records a heartbeat answer for `context` and releases every read it confirms. */
function ackRead(raft: RaftState, from: NodeId, context: string): void {
  for (const request of raft.readOnly.ack(from, context, raft.tracker.voters)) {
    answerRead(raft, request.from, request.index, request.context);
  }
}

/** Hands a confirmed read point to the local application or to the follower that asked. */
function answerRead(raft: RaftState, to: NodeId, index: number, context: string): void {
  if (to === raft.id) {
    raft.readStates.push({ index, context });
  } else {
    raft.send({ type: 'readIndexResponse', from: raft.id, to, term: raft.term, index, context });
  }
}

/** Called when the leader's commit index reaches its own term: run the deferred reads. */
export function releaseDeferredReads(raft: RaftState): void {
  const deferred = raft.deferredReads;
  raft.deferredReads = [];
  for (const read of deferred) readIndex(raft, read.from, read.context);
}

/** Leadership transfer (thesis §3.10): catch the target up, then send it TimeoutNow. */
function transferLeadership(raft: RaftState, to: NodeId): TransferRefusedError | null {
  if (to === raft.id || !raft.tracker.voters.has(to)) {
    return new TransferRefusedError('invalidTransferTarget');
  }
  if (raft.leadTransferee === to) return null;
  raft.leadTransferee = to;
  // The transfer is abandoned if it does not finish within an election timeout from now.
  raft.electionElapsed = 0;
  const progress = raft.tracker.progress.get(to);
  if (progress !== undefined && progress.match === raft.log.lastIndex()) {
    sendTimeoutNow(raft, to);
  } else {
    bcastAppend(raft);
  }
  return null;
}

/** Tells the transfer target to campaign now. */
function sendTimeoutNow(raft: RaftState, to: NodeId): void {
  raft.send({ type: 'timeoutNow', from: raft.id, to, term: raft.term });
}

function stepLeaderResponse(
  raft: RaftState,
  message: AppendResponseMessage | HeartbeatResponseMessage | SnapshotResponseMessage,
): void {
  const progress = raft.tracker.progress.get(message.from);
  if (progress === undefined) return;
  progress.recentActive = true;
  if (message.type === 'appendResponse') handleAppendResponse(raft, message, progress);
  else if (message.type === 'heartbeatResponse') handleHeartbeatResponse(raft, message, progress);
  else handleSnapshotResponse(raft, message, progress);
}

function handleAppendResponse(raft: RaftState, message: AppendResponseMessage, progress: Progress) {
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
    // The snapshot brought the follower in step: replicate again, by way of probe as etcd does.
    progress.becomeProbe();
    progress.becomeReplicate();
  } else if (progress.state === 'replicate') {
    progress.inflights.freeLE(message.index);
  }
  if (maybeCommit(raft)) {
    releaseDeferredReads(raft);
    bcastAppend(raft);
  } else if (wasPaused) {
    sendAppend(raft, message.from, true);
  }
  // Fill the window: bounded by inflightMessagesMax inside sendAppend.
  while (sendAppend(raft, message.from, false)) {}
  if (message.from === raft.leadTransferee && progress.match === raft.log.lastIndex()) {
    sendTimeoutNow(raft, message.from);
  }
}

function handleHeartbeatResponse(
  raft: RaftState,
  message: HeartbeatResponseMessage,
  progress: Progress,
): void {
  // The follower answers, so a probe may go out again, and a full window gives up one slot:
  // an append or its answer may have been lost, and replication must not stall on it.
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
  if (message.context !== null) ackRead(raft, message.from, message.context);
}

function handleSnapshotResponse(
  raft: RaftState,
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
export function maybeCommit(raft: RaftState): boolean {
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
export function sendAppend(raft: RaftState, to: NodeId, sendIfEmpty: boolean): boolean {
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

function sendSnapshot(raft: RaftState, to: NodeId, progress: Progress): boolean {
  // Only stream to a follower that answers: a snapshot is the most expensive message.
  if (!progress.recentActive) return false;
  progress.becomeSnapshot(raft.log.snapshot().metadata.index);
  sendSnapshotChunk(raft, to, progress);
  return true;
}

/** Sends the chunk of the current snapshot at the follower's acknowledged offset (§7). */
export function sendSnapshotChunk(raft: RaftState, to: NodeId, progress: Progress): void {
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
export function bcastAppend(raft: RaftState): void {
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
export function bcastHeartbeat(raft: RaftState, context: string | null): void {
  for (const [id, progress] of raft.tracker.progress) {
    if (id === raft.id) continue;
    const commit = Math.min(progress.match, raft.log.committed);
    raft.send({ type: 'heartbeat', from: raft.id, to: id, term: raft.term, commit, context });
  }
}
