import type { Logger } from './logger.ts';

/** V8's `gc` as `--expose-gc` installs it, with the options this module uses. */
export type GcFunction = (options: {
  type: 'major';
  execution: 'sync';
  flavor: 'last-resort';
}) => void;

export interface MemoryReducerOptions {
  /** `globalThis.gc`; the node runs without a reducer when it is absent. */
  gc: GcFunction;
  /** The applied index: while it moves, the node is busy and a full GC would only slow it. */
  applied: () => number;
  /** Resident set size, bytes. */
  rss: () => number;
  logger: Logger;
  /** How often the reducer looks. */
  checkEveryMs?: number;
  /** How long the applied index must stay put before the reducer runs. */
  quietMs?: number;
  /** RSS growth over what the last reduction left that is worth a full GC. */
  growthBytes?: number;
  now?: () => number;
}

const mebibyte = 1024 * 1024;

/**
 * Gives memory back after a burst of work. V8 keeps the heap it grew to and the allocator keeps
 * what was freed, so a node that applied a bulk import holds hundreds of MiB it no longer uses
 * for as long as it runs (measured: 600–900 MiB after a million tasks, 250–400 MiB once reduced).
 * When RSS has grown by `growthBytes` over what the last reduction left, and nothing has been
 * applied for `quietMs`, the reducer runs one compacting full GC that also releases V8's free
 * pages (the "last-resort" flavour, what a heap snapshot does) and logs what it gave back. It
 * never runs while the node applies, and a quiet node pays for it once per burst, not per check.
 */
export class MemoryReducer {
  private readonly checkEveryMs: number;
  private readonly quietMs: number;
  private readonly growthBytes: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private lastApplied: number;
  private lastMovedAt: number;
  /** RSS right after the last reduction (or at start): growth is measured from here. */
  private baselineBytes: number;

  constructor(private readonly options: MemoryReducerOptions) {
    this.checkEveryMs = options.checkEveryMs ?? 5_000;
    this.quietMs = options.quietMs ?? 10_000;
    this.growthBytes = options.growthBytes ?? 64 * mebibyte;
    this.now = options.now ?? Date.now;
    this.lastApplied = options.applied();
    this.lastMovedAt = this.now();
    this.baselineBytes = options.rss();
  }

  start(): void {
    this.timer ??= setInterval(() => this.check(), this.checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look: records activity, and reduces when the node has grown and gone quiet. */
  check(): 'busy' | 'small' | 'reduced' {
    const applied = this.options.applied();
    const now = this.now();
    if (applied !== this.lastApplied) {
      this.lastApplied = applied;
      this.lastMovedAt = now;
    }
    if (now - this.lastMovedAt < this.quietMs) return 'busy';
    const before = this.options.rss();
    // A node whose RSS fell (a reduction by V8 itself) measures growth from the lower figure.
    this.baselineBytes = Math.min(this.baselineBytes, before);
    if (before - this.baselineBytes < this.growthBytes) return 'small';
    const started = performance.now();
    this.options.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const after = this.options.rss();
    this.baselineBytes = after;
    this.options.logger.info('node.memory-reduced', {
      rssMib: Math.round(after / mebibyte),
      releasedMib: Math.round((before - after) / mebibyte),
      gcMs: Math.round(performance.now() - started),
    });
    return 'reduced';
  }
}
