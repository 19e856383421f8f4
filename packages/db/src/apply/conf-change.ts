import { type ConfChange, parseConfChange } from '@raftboard/raft';
import { eq } from 'drizzle-orm';
import type { Transaction } from '../client.ts';
import { clusterMembers } from '../schema/cluster.ts';

/**
 * Mirrors a committed membership change into `cluster_members`: addLearner adds the node as a
 * learner, promote makes it a voter, remove deletes it. Data that is not a ConfChange changes
 * nothing: the core's own parser decides, so the table and the core agree on every entry.
 * Returns the change it applied, or null.
 */
export async function applyConfChange(tx: Transaction, data: string): Promise<ConfChange | null> {
  const change = parseConfChange(data);
  if (change === null) return null;
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
