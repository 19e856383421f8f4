/**
 * A fresh id for one user action. It travels as the mutation's `requestId`, and the same id is
 * sent again on every retry of that action, so the cluster applies it exactly once even when
 * the first attempt's node died after committing it.
 */
export function newRequestId(): string {
  return `web-${crypto.randomUUID()}`;
}
