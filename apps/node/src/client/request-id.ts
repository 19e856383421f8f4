import { randomUUID } from 'node:crypto';

/**
 * A new `requestId` for one distinct change (a retry sends the same one again). The one place
 * a client of ours makes request ids, so their form can change here alone.
 */
export function newRequestId(): string {
  return randomUUID();
}
