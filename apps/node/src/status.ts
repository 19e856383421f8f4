/** How one other member looks from this node (replication progress is known on the leader). */
export interface PeerStatus {
  id: string;
  voter: boolean;
  /** Outbound peer connection open right now. */
  connected: boolean;
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
}

/** Why a node is not ready to serve (GET /readyz), or null when it is. */
export function notReadyReason(status: NodeStatus): string | null {
  if (status.leaderId === null) return 'no leader known';
  if (status.appliedIndex < status.commitIndex) {
    return `applying: ${status.commitIndex - status.appliedIndex} committed entries behind`;
  }
  return null;
}
