import { and, asc, eq, lt } from 'drizzle-orm';
import type { Transaction } from '../client.ts';
import { processedRequests } from '../schema/processed-requests.ts';
import type { CommandOutcome } from './outcome.ts';

/** How many log entries back apply remembers request ids (a retry older than this re-runs). */
export const processedRequestsRetainedEntries = 100_000;
/** Apply prunes old request ids at indexes that are multiples of this. */
export const processedRequestsPruneEveryEntries = 1_024;
/** Bound on the rows one prune deletes; the next prune continues. */
export const processedRequestsPruneRowsMax = 10_000;

/** The first outcome of (actor, request id), or null if it was never applied. */
export async function findProcessedRequest(
  tx: Transaction,
  actorId: string,
  requestId: string,
): Promise<CommandOutcome | null> {
  const [row] = await tx
    .select({ outcome: processedRequests.outcome })
    .from(processedRequests)
    .where(and(eq(processedRequests.actorId, actorId), eq(processedRequests.requestId, requestId)));
  return row ? (row.outcome as CommandOutcome) : null;
}

/** Remembers the outcome of (actor, request id), applied at `outcome.index`. */
export async function recordProcessedRequest(
  tx: Transaction,
  request: { actorId: string; requestId: string; at: Date; outcome: CommandOutcome },
): Promise<void> {
  await tx.insert(processedRequests).values({ ...request, logIndex: request.outcome.index });
}

/**
 * Forgets request ids older than `processedRequestsRetainedEntries` entries, at most
 * `processedRequestsPruneRowsMax` of them, oldest first. Runs only at every
 * `processedRequestsPruneEveryEntries`-th index, so every node prunes the same rows.
 */
export async function pruneProcessedRequests(tx: Transaction, index: number): Promise<void> {
  if (index % processedRequestsPruneEveryEntries !== 0) return;
  const horizon = index - processedRequestsRetainedEntries;
  if (horizon <= 0) return;
  await tx
    .delete(processedRequests)
    .where(lt(processedRequests.logIndex, horizon))
    .orderBy(asc(processedRequests.logIndex))
    .limit(processedRequestsPruneRowsMax);
}
