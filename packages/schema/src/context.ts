/** A cluster member as the answering node sees it. */
export interface ClusterNodeStatus {
  id: string;
  role: 'leader' | 'follower' | 'candidate' | 'preCandidate' | 'learner' | 'unreachable';
  term: number;
  commitIndex: number;
  appliedIndex: number;
  /** Entries this member is behind the leader's log; null when the answering node cannot tell. */
  lag: number | null;
}

/** The cluster as the answering node sees it at the moment of the query. */
export interface ClusterStatus {
  leaderId: string | null;
  term: number;
  nodes: ClusterNodeStatus[];
}

/**
 * What every resolver receives. The node process builds one per request; resolvers reach
 * state and the cluster only through it, so the schema never imports a socket or a driver.
 */
export interface GraphQLContext {
  cluster: {
    status(): ClusterStatus;
  };
}
