import { asc } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { clusterMembers } from '../schema/cluster.ts';

/** The cluster's members as the applied log describes them, by node id. */
export async function clusterMembersList(db: Executor) {
  return db.select().from(clusterMembers).orderBy(asc(clusterMembers.nodeId));
}
