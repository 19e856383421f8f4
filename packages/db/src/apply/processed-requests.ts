import { uuidv7Ms } from '@raftboard/uuidv7';
import { asc, eq, lt } from 'drizzle-orm';
import type { Database, Transaction } from '../client.ts';
import { processedRequests, processedRequestsHorizon } from '../schema/processed-requests.ts';

const minuteMs = 60 * 1_000;
const hourMs = 60 * minuteMs;

/**
 * How long, in replicated time, apply remembers a request id after the id was made. A retry
 * within it answers the first outcome; a later one is refused (never run twice).
 *
 * A constant of the state machine, not node configuration: apply decides with it, so every
 * node must use the same value or their tables diverge. Changing it is a change to apply,
 * rolled out like any other (as `eventsRetainedMs` is).
 */
export const requestIdWindowMs = 24 * hourMs;
/**
 * How far after the command's time a request id may be dated (clients' clocks run ahead).
 * Bounded so that an id dated in the future cannot keep its row for longer than the window.
 */
export const requestIdFutureSkewMs = 5 * minuteMs;
/** Apply prunes forgotten request ids at the command entries whose index is a multiple of this. */
export const processedRequestsPruneEveryEntries = 1_024;
/** Bound on the rows one prune deletes; the next prune continues. */
export const processedRequestsPruneRowsMax = 10_000;

/** What a request id must be, for the API to say before it proposes. */
export const requestIdExpected =
  'a requestId is a UUIDv7 (RFC 9562): its first 48 bits are the Unix milliseconds at which ' +
  'the client first made the request, e.g. 019b76da-a800-7000-8000-000000000000';

/**
 * Why a request id cannot be applied at `nowMs`, or null when it can: it is not a UUIDv7, it
 * was made before `forgottenBeforeMs` or more than `requestIdWindowMs` before `nowMs` (its
 * first outcome may be forgotten, so running it could run it twice), or it is dated more than
 * `requestIdFutureSkewMs` after `nowMs`. Pure: apply calls it with replicated time, the API
 * with its own clock to refuse early.
 */
export function requestIdRefusal(
  requestId: string,
  clock: { nowMs: number; forgottenBeforeMs: number },
): string | null {
  const madeAtMs = uuidv7Ms(requestId);
  if (madeAtMs === null) return requestIdExpected;
  if (madeAtMs < Math.max(clock.forgottenBeforeMs, clock.nowMs - requestIdWindowMs)) {
    return (
      `this requestId was made more than ${requestIdWindowMs / hourMs} h ago: its first attempt ` +
      'may have been applied and forgotten, so it is not run again; send the change again with ' +
      'a new requestId'
    );
  }
  if (madeAtMs > clock.nowMs + requestIdFutureSkewMs) {
    return (
      `this requestId is dated more than ${requestIdFutureSkewMs / minuteMs} minutes ahead of ` +
      'the cluster: check the clock of the device that made it, then send the change with a ' +
      'new requestId'
    );
  }
  return null;
}

/** The instant a request id was made at, for the `made_at` column; throws for a non-UUIDv7. */
export function requestMadeAt(requestId: string): Date {
  const madeAtMs = uuidv7Ms(requestId);
  if (madeAtMs === null) throw new Error(`request id ${requestId} is not a UUIDv7`);
  return new Date(madeAtMs);
}

/** True at the log indexes where apply runs `pruneProcessedRequests` (when a command). */
export function isProcessedRequestsPruneIndex(index: number): boolean {
  return index % processedRequestsPruneEveryEntries === 0;
}

/** The instant before which request ids may have been forgotten, as apply last moved it. */
export async function readForgottenBefore(db: Database | Transaction): Promise<number> {
  const [row] = await db
    .select()
    .from(processedRequestsHorizon)
    .where(eq(processedRequestsHorizon.id, 1));
  if (!row) throw new Error('processed_requests_horizon has no row: run the migrations first');
  return row.forgottenBefore.getTime();
}

/**
 * Moves the horizon to `at - requestIdWindowMs` (never back) and forgets the request ids made
 * before it, at most `processedRequestsPruneRowsMax` of them, oldest first with the primary key
 * breaking ties, so every node, whatever its batches, deletes the same rows at the same entry
 * (the caller writes its batch's deferred request ids first). Returns the new horizon.
 *
 * Why the horizon is stored and monotonic: `at` is the proposer's clock, and a new leader's
 * clock may be behind the old one's. Were the window measured from `at` alone, an entry with an
 * earlier `at` after this prune would accept an id this prune forgot, and run it twice. Rows
 * left over by the bound are refused all the same, since refusal reads the horizon.
 */
export async function pruneProcessedRequests(
  tx: Transaction,
  options: { at: Date; forgottenBeforeMs: number },
): Promise<number> {
  const horizonMs = Math.max(options.forgottenBeforeMs, options.at.getTime() - requestIdWindowMs);
  const horizon = new Date(horizonMs);
  if (horizonMs > options.forgottenBeforeMs) {
    await tx
      .update(processedRequestsHorizon)
      .set({ forgottenBefore: horizon })
      .where(eq(processedRequestsHorizon.id, 1));
  }
  await tx
    .delete(processedRequests)
    .where(lt(processedRequests.madeAt, horizon))
    .orderBy(
      asc(processedRequests.madeAt),
      asc(processedRequests.actorId),
      asc(processedRequests.requestId),
    )
    .limit(processedRequestsPruneRowsMax);
  return horizonMs;
}
