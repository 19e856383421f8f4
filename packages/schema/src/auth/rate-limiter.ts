/** Attempts one key may make per window on sign-in and sign-up. */
export const authAttemptsPerWindowMax = 10;
/** Length of a rate-limit window. */
export const rateLimitWindowMs = 60_000;
/** Bound on the keys remembered; the oldest window is dropped past it. */
export const rateLimitKeysMax = 100_000;

/**
 * Fixed-window counters, in memory, per node: a client spreading attempts over N nodes gets
 * N times the budget. Acceptable for sign-in/sign-up throttling; a replicated limiter would put
 * every failed attempt through Raft.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(
    private readonly options: { attemptsMax: number; windowMs: number } = {
      attemptsMax: authAttemptsPerWindowMax,
      windowMs: rateLimitWindowMs,
    },
  ) {}

  /** Counts one attempt for `key`; false when the key is over its budget for this window. */
  attempt(key: string, nowMs: number): boolean {
    const window = this.windows.get(key);
    if (!window || nowMs - window.startMs >= this.options.windowMs) {
      this.windows.delete(key);
      if (this.windows.size >= rateLimitKeysMax) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      this.windows.set(key, { startMs: nowMs, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= this.options.attemptsMax;
  }
}
