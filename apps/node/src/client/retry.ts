import { GraphqlRequestError } from './graphql.ts';

/** Pause before the second attempt; it doubles with each further one. */
const retryFirstPauseMs = 250;

/** Whether a failed write may be sent again with the same requestId. */
function retryable(error: unknown): boolean {
  if (error instanceof GraphqlRequestError) return error.code === 'UNAVAILABLE';
  return true; // a timeout or a dropped connection: the write may or may not have happened
}

/**
 * Runs one write up to `attemptsMax` times while it fails on a timeout, a dropped connection or
 * UNAVAILABLE (an election under way), pausing longer each time. The caller fixes the requestId
 * inside `attempt`, so a write that did happen is answered from its first outcome.
 */
export async function withRetries<T>(attemptsMax: number, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= attemptsMax || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryFirstPauseMs * 2 ** (tries - 1)));
    }
  }
}
