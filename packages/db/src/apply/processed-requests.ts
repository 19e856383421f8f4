import { asc, lt, min } from 'drizzle-orm';
import type { Transaction } from '../client.ts';
import { processedRequests } from '../schema/processed-requests.ts';

/** How many log entries back apply remembers request ids (a retry older than this re-runs). */
export const processedRequestsRetainedEntries = 100_000;
/** Apply prunes old request ids at indexes that are multiples of this. */
export const processedRequestsPruneEveryEntries = 1_024;
/** Bound on the rows one prune deletes; the next prune continues. */
export const processedRequestsPruneRowsMax = 10_000;

/**
 * Forgets request ids older than `processedRequestsRetainedEntries` entries, at most
 * `processedRequestsPruneRowsMax` of them, oldest first. Runs only at every
 * `processedRequestsPruneEveryEntries`-th index, so every node prunes the same rows.
 * Returns the index below which no request id is remembered any more (0 when none pruned).
 */
export async function pruneProcessedRequests(tx: Transaction, index: number): Promise<number> {
  if (index % processedRequestsPruneEveryEntries !== 0) return 0;
  const horizon = index - processedRequestsRetainedEntries;
  if (horizon <= 0) return 0;
  const [result] = await tx
    .delete(processedRequests)
    .where(lt(processedRequests.logIndex, horizon))
    .orderBy(asc(processedRequests.logIndex))
    .limit(processedRequestsPruneRowsMax);
  if (result.affectedRows < processedRequestsPruneRowsMax) return horizon;
  const [oldest] = await tx
    .select({ logIndex: min(processedRequests.logIndex) })
    .from(processedRequests);
  return Math.min(horizon, oldest?.logIndex ?? horizon);
}
