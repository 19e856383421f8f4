import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { clusterLeader, clusterMembers } from '../schema/cluster.ts';

/** The cluster's members as the applied log describes them, by node id. */
export async function clusterMembersList(db: Executor) {
  return db.select().from(clusterMembers).orderBy(asc(clusterMembers.nodeId));
}

/** The leader the log last recorded (`cluster.leaderChanged`), or null before any. */
export async function recordedLeader(db: Executor) {
  const [row] = await db.select().from(clusterLeader).where(eq(clusterLeader.id, 1));
  return row ?? null;
}
