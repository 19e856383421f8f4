import {
  type ConfChange,
  type ConfState,
  confChangeRefusal,
  parseConfChange,
} from '@raftboard/raft';
import { eq } from 'drizzle-orm';
import type { Transaction } from '../client.ts';
import { clusterMembers } from '../schema/cluster.ts';
import { raftApplied } from '../schema/raft.ts';

/** The membership with no members: a store that was never bootstrapped. */
export function emptyConfState(): ConfState {
  return { voters: [], learners: [] };
}

/** `confState` after `change`, ids sorted as the core sorts them. */
function changed(confState: ConfState, change: ConfChange): ConfState {
  const voters = new Set(confState.voters);
  const learners = new Set(confState.learners);
  const id = change.nodeId;
  if (change.type === 'addLearner') learners.add(id);
  if (change.type === 'promote') {
    learners.delete(id);
    voters.add(id);
  }
  if (change.type === 'remove') {
    voters.delete(id);
    learners.delete(id);
  }
  return { voters: [...voters].sort(), learners: [...learners].sort() };
}

/**
 * Applies a committed membership change to the state machine: the membership beside the
 * applied index (`raft_applied.conf_state`, what a snapshot of this state carries), and its
 * mirror in `cluster_members` for people to read (addLearner adds the node as a learner,
 * promote makes it a voter, remove deletes it). Data that is not a ConfChange, and a change the
 * core refuses (`confChangeRefusal`), change nothing: the core's own parser and rule decide, so
 * the stored membership equals the core's at every index. Returns the change it applied, or null.
 */
export async function applyConfChange(tx: Transaction, data: string): Promise<ConfChange | null> {
  const change = parseConfChange(data);
  if (change === null) return null;
  const [row] = await tx
    .select({ confState: raftApplied.confState })
    .from(raftApplied)
    .where(eq(raftApplied.id, 1));
  const confState = row?.confState ?? emptyConfState();
  const membership = { voters: new Set(confState.voters), learners: new Set(confState.learners) };
  if (confChangeRefusal(membership, change) !== null) return null;
  await tx
    .update(raftApplied)
    .set({ confState: changed(confState, change) })
    .where(eq(raftApplied.id, 1));
  if (change.type === 'remove') {
    await tx.delete(clusterMembers).where(eq(clusterMembers.nodeId, change.nodeId));
    return change;
  }
  const role = change.type === 'addLearner' ? 'learner' : 'voter';
  await tx
    .insert(clusterMembers)
    .values({ nodeId: change.nodeId, role })
    .onDuplicateKeyUpdate({ set: { role } });
  return change;
}
