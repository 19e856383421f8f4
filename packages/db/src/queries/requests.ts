import { and, eq } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { processedRequests } from '../schema/processed-requests.ts';

/** The stored first outcome of (actor, request id), or undefined when not applied here yet. */
export async function processedOutcome(db: Executor, actorId: string, requestId: string) {
  const [row] = await db
    .select({ outcome: processedRequests.outcome })
    .from(processedRequests)
    .where(and(eq(processedRequests.actorId, actorId), eq(processedRequests.requestId, requestId)));
  return row?.outcome;
}
