import type { EventRow } from '@raftboard/db/schema';

/** What one apply transaction committed: its log index and the event rows it wrote. */
export interface AppliedBatch {
  /** The log index just applied (also for entries that wrote no event). */
  appliedIndex: number;
  /** The entry's events in (logIndex, ordinal) order; may be empty. */
  events: readonly EventRow[];
  /**
   * True when the batch may have changed credentials or project roles (a snapshot install
   * too): the node's `AccessCache` drops what it holds.
   */
  accessChanged?: boolean;
}

/** Bound on the batches one subscriber may have waiting before it is cut off with RESYNC. */
export const liveQueueBatchesMax = 10_000;

type Listener = (batch: AppliedBatch) => void;

/**
 * The node's in-process pub/sub of committed changes. Contract for the node: call
 * `publish({ appliedIndex, events })` once per applied entry, AFTER its transaction committed,
 * in log order. Subscribers must subscribe before reading stored events and dedupe by
 * (logIndex, ordinal): that ordering is what makes replay + live gap-free.
 */
export class EventHub {
  private readonly listeners = new Set<Listener>();
  private appliedIndexSeen = 0;

  /** Delivers a committed batch to every subscriber, synchronously. */
  publish(batch: AppliedBatch): void {
    this.appliedIndexSeen = Math.max(this.appliedIndexSeen, batch.appliedIndex);
    for (const listener of this.listeners) listener(batch);
  }

  /** The highest index published so far (0 before any). */
  get appliedIndex(): number {
    return this.appliedIndexSeen;
  }

  /** Number of live subscribers (for metrics and leak tests). */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Calls `listener` for every batch published from now on; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** A bounded queue of the batches published from now on; close it when done. */
  queue(batchesMax = liveQueueBatchesMax): LiveQueue {
    return new LiveQueue(this, batchesMax);
  }
}

/**
 * Batches published after its creation, waiting to be consumed. Invariant: holds at most
 * `batchesMax` batches; past that it is `overflowed` and takes no more (the consumer resyncs).
 */
export class LiveQueue {
  private readonly batches: AppliedBatch[] = [];
  private waiter: ((batch: AppliedBatch | null) => void) | null = null;
  private readonly unsubscribe: () => void;
  private closedFlag = false;
  /** True when the consumer fell more than `batchesMax` batches behind. */
  overflowed = false;

  constructor(
    hub: EventHub,
    private readonly batchesMax: number,
  ) {
    this.unsubscribe = hub.subscribe((batch) => this.push(batch));
  }

  private push(batch: AppliedBatch): void {
    if (this.closedFlag || this.overflowed) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter(batch);
      return;
    }
    if (this.batches.length >= this.batchesMax) {
      this.overflowed = true;
      this.batches.length = 0;
      return;
    }
    this.batches.push(batch);
  }

  /** True once `close()` was called (the consumer went away). */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** The next batch, waiting for one; null once closed or overflowed. */
  next(): Promise<AppliedBatch | null> {
    const batch = this.batches.shift();
    if (batch) return Promise.resolve(batch);
    if (this.closedFlag || this.overflowed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Stops listening and wakes a waiting `next()` with null. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.unsubscribe();
    this.batches.length = 0;
    this.waiter?.(null);
    this.waiter = null;
  }
}

/**
 * Wraps a generator that reads from `queue` so that a client going away (iterator `return()`)
 * closes the queue at once, even while the generator waits for the next batch.
 */
export function closeOnReturn<T>(queue: LiveQueue, generator: AsyncGenerator<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => generator.next(),
      return: async (value?: unknown) => {
        queue.close();
        await generator.return(undefined);
        return { done: true, value: value as T };
      },
      throw: async (error?: unknown) => {
        queue.close();
        return generator.throw(error);
      },
    }),
  };
}
