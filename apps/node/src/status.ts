import type { Status } from '@raftboard/raft';
import type { PeerConnection } from './peer/transport.ts';

/** How one other member looks from this node (replication progress is known on the leader). */
export interface PeerStatus {
  id: string;
  voter: boolean;
  /** Outbound peer connection open right now. */
  connected: boolean;
  /** Where this node dials it (`host:port`), or null when it has no address for it. */
  address: string | null;
  /** Why the last connection attempt failed, while not connected. */
  error: string | null;
  /** Highest index known replicated there; null unless this node leads. */
  matchIndex: number | null;
  /** Entries behind this node's last index; null unless this node leads. */
  lag: number | null;
  /** Replication state on the leader: probe, replicate or snapshot; null elsewhere. */
  state: string | null;
}

/** What GET /status answers: this node's view of itself and the cluster. */
export interface NodeStatus {
  id: string;
  role: 'leader' | 'follower' | 'candidate' | 'preCandidate' | 'learner';
  term: number;
  leaderId: string | null;
  commitIndex: number;
  appliedIndex: number;
  lastIndex: number;
  /** First index still in the log; everything before is in the snapshot. */
  firstIndex: number;
  peers: PeerStatus[];
  /** Why no leader is known, in one sentence; null while one is. See `noLeaderReason`. */
  noLeaderReason: string | null;
}

/**
 * Why this node knows no leader: it is not a member yet; it cannot reach enough voters to
 * form a quorum (naming each unreachable peer, its address and the error); or it reaches a
 * quorum and still no candidate has won (an election under way, or peers that cannot reach
 * back). `selfVoter` says whether this node itself votes.
 */
export function noLeaderReason(
  status: Pick<NodeStatus, 'leaderId' | 'term' | 'peers'>,
  selfVoter: boolean,
): string | null {
  if (status.leaderId !== null) return null;
  const voters = status.peers.filter((peer) => peer.voter);
  const votersTotal = voters.length + (selfVoter ? 1 : 0);
  if (votersTotal === 0) return 'not a member yet: waiting for a leader to add this node';
  const quorum = Math.floor(votersTotal / 2) + 1;
  const reached = voters.filter((peer) => peer.connected).length + (selfVoter ? 1 : 0);
  const unreachable = voters
    .filter((peer) => !peer.connected)
    .map(
      (peer) =>
        `${peer.id} at ${peer.address ?? 'no known address'} (${peer.error ?? 'not connected yet'})`,
    );
  const missing = unreachable.length > 0 ? `; unreachable: ${unreachable.join(', ')}` : '';
  if (reached < quorum) {
    return `peers unreachable, no quorum: this node reaches ${reached} of ${votersTotal} voters and a leader needs ${quorum}${missing}`;
  }
  return `no quorum of votes yet in term ${status.term}: this node reaches ${reached} of ${votersTotal} voters, but no candidate has won (an election under way, or peers that cannot reach this node back)${missing}`;
}

/** Why a node is not ready to serve (GET /readyz), or null when it is. */
export function notReadyReason(status: NodeStatus): string | null {
  if (status.leaderId === null) return `no leader known: ${status.noLeaderReason ?? 'unknown'}`;
  if (status.appliedIndex < status.commitIndex) {
    return `applying: ${status.commitIndex - status.appliedIndex} committed entries behind`;
  }
  return null;
}

/**
 * What GET /status answers, from the Raft core's status, the peer connections and the first
 * index still in the durable log.
 */
export function toNodeStatus(
  status: Status,
  connections: readonly PeerConnection[],
  firstIndex: number,
): NodeStatus {
  const { voters, learners } = status.confState;
  const peers: PeerStatus[] = [...voters, ...learners]
    .filter((id) => id !== status.id)
    .map((id) => {
      const progress = status.progress[id];
      const connection = connections.find((candidate) => candidate.id === id);
      return {
        id,
        voter: voters.includes(id),
        connected: connection?.connected ?? false,
        address: connection?.address ?? null,
        error: connection?.error ?? null,
        matchIndex: progress?.match ?? null,
        lag: progress ? status.lastIndex - progress.match : null,
        state: progress?.state ?? null,
      };
    });
  const role = status.role === 'follower' && learners.includes(status.id) ? 'learner' : status.role;
  const summary = { leaderId: status.leaderId, term: status.term, peers };
  return {
    id: status.id,
    role,
    term: status.term,
    leaderId: status.leaderId,
    commitIndex: status.commit,
    appliedIndex: status.applied,
    lastIndex: status.lastIndex,
    firstIndex,
    peers,
    noLeaderReason: noLeaderReason(summary, voters.includes(status.id)),
  };
}
