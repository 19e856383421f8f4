import { uuidv7 } from '@raftboard/uuidv7';

/**
 * A fresh id for one user action. It travels as the mutation's `requestId`, and the same id is
 * sent again on every retry of that action, so the cluster applies it exactly once even when
 * the first attempt's node died after committing it. A UUIDv7, because the cluster reads from
 * it when the action was first made: a retry more than a day later is refused, not repeated.
 */
export function newRequestId(): string {
  return uuidv7();
}
