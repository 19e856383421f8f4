import type { ConfChange, NodeId } from './types.ts';

/**
 * Parses a confChange entry's data; null when it is not a valid change. Never throws: a proposal
 * forwarded by a peer carries whatever data it was given.
 */
export function parseConfChange(data: string): ConfChange | null {
  try {
    const value = JSON.parse(data) as { type?: unknown; nodeId?: unknown };
    const { type, nodeId } = value;
    if (typeof nodeId !== 'string' || nodeId.length === 0) return null;
    if (type === 'addLearner' || type === 'promote' || type === 'remove') return { type, nodeId };
    return null;
  } catch {
    return null;
  }
}

/** The membership a change is checked against: who votes and who learns. */
export interface Membership {
  voters: ReadonlySet<NodeId>;
  learners: ReadonlySet<NodeId>;
}

/**
 * Why `change` cannot apply to `membership`, or null when it can; a refused change is a no-op
 * when it commits. A change may not leave the cluster without voters. The core's tracker and an
 * application that mirrors membership (packages/db's cluster_members) both decide by this, so
 * they agree on every committed entry.
 */
export function confChangeRefusal(membership: Membership, change: ConfChange): string | null {
  const { voters, learners } = membership;
  const member = voters.has(change.nodeId) || learners.has(change.nodeId);
  switch (change.type) {
    case 'addLearner':
      return member ? 'already a member' : null;
    case 'promote':
      return learners.has(change.nodeId) ? null : 'not a learner';
    case 'remove':
      if (!member) return 'not a member';
      return voters.has(change.nodeId) && voters.size === 1 ? 'last voter' : null;
  }
}
