/**
 * Callers waiting on the replicated state machine: a proposal until its entry is applied here,
 * a read until the applied index reaches its read point. Every wait has a deadline.
 */

/** The wait ran out of time; the operation may or may not have happened (retry with the id). */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

/** The leader changed while a request to the old one was outstanding: ask again. */
export class LeaderChangedError extends Error {
  override readonly name = 'LeaderChangedError';
}

/** The node is shutting down; the operation may or may not have happened. */
export class NodeStoppingError extends Error {
  override readonly name = 'NodeStoppingError';
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Waiters keyed by a string (a request key or a read context), each with a deadline. */
export class KeyedWaiters<T> {
  private readonly waiters = new Map<string, Waiter<T>[]>();

  /** Waits for `resolve(key, …)`, or rejects after `timeoutMs`. */
  wait(key: string, timeoutMs: number, describe: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.remove(key, waiter);
        reject(new WaitTimeoutError(`${describe}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter<T> = { resolve, reject, timer };
      const list = this.waiters.get(key) ?? [];
      list.push(waiter);
      this.waiters.set(key, list);
    });
  }

  has(key: string): boolean {
    return this.waiters.has(key);
  }

  /** Resolves every waiter on `key`. */
  resolve(key: string, value: T): void {
    const list = this.waiters.get(key);
    if (!list) return;
    this.waiters.delete(key);
    for (const waiter of list) {
      clearTimeout(waiter.timer);
      waiter.resolve(value);
    }
  }

  /** Rejects every waiter (shutdown, or a leader change for reads). */
  rejectAll(error: Error): void {
    for (const list of this.waiters.values()) {
      for (const waiter of list) {
        clearTimeout(waiter.timer);
        waiter.reject(error);
      }
    }
    this.waiters.clear();
  }

  get size(): number {
    return this.waiters.size;
  }

  private remove(key: string, waiter: Waiter<T>) {
    const list = this.waiters.get(key)?.filter((candidate) => candidate !== waiter) ?? [];
    if (list.length === 0) this.waiters.delete(key);
    else this.waiters.set(key, list);
  }
}

/** Waiters for "applied index ≥ n", released in index order as apply advances. */
export class AppliedIndexWaiters {
  private waiters: { index: number; waiter: Waiter<void> }[] = [];

  constructor(private appliedIndex: number) {}

  /** Resolves once the applied index reaches `index` (at once if it has). */
  wait(index: number, timeoutMs: number): Promise<void> {
    if (index <= this.appliedIndex) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const entry = {
        index,
        waiter: {
          resolve,
          reject,
          timer: setTimeout(() => {
            this.waiters = this.waiters.filter((candidate) => candidate !== entry);
            reject(
              new WaitTimeoutError(`applied index did not reach ${index} within ${timeoutMs} ms`),
            );
          }, timeoutMs),
        },
      };
      this.waiters.push(entry);
    });
  }

  /** Records a new applied index and releases everyone waiting for it or less. */
  advanceTo(index: number): void {
    this.appliedIndex = Math.max(this.appliedIndex, index);
    const ready = this.waiters.filter((entry) => entry.index <= this.appliedIndex);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((entry) => entry.index > this.appliedIndex);
    for (const { waiter } of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }

  rejectAll(error: Error): void {
    for (const { waiter } of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters = [];
  }
}
