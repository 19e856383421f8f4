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
  /**
   * True while a pause would cost more than memory: the node leads (a full GC of a 100 MiB
   * heap takes 100–250 ms here, longer than the election timeout, so its followers would elect
   * another leader) or streams a snapshot.
   */
  busy: () => boolean;
  /** Resident set size, bytes. */
  rss: () => number;
  logger: Logger;
  /** How often the reducer looks. */
  checkEveryMs?: number;
  /** How long the applied index must stay put before the reducer runs. */
  quietMs?: number;
  /** RSS growth over what the last reduction left that is worth a full GC. */
  growthBytes?: number;
  /**
   * Up to this much is added to `quietMs`, drawn again after each reduction, so followers quiet
   * after the same burst do not pause together and leave the leader without a quorum.
   */
  jitterMs?: number;
  random?: () => number;
  now?: () => number;
}

const mebibyte = 1024 * 1024;

/**
 * Gives memory back after a burst of work. V8 keeps the heap it grew to and the allocator keeps
 * what was freed, so a node that applied a bulk import holds hundreds of MiB it no longer uses
 * for as long as it runs (measured: 600–900 MiB after a million tasks, 250–400 MiB once reduced).
 * When RSS has grown by `growthBytes` over what the last reduction left, and for `quietMs` (plus
 * jitter) nothing has been applied and the node has been neither leading nor streaming a
 * snapshot, the reducer runs one compacting full GC that also releases V8's free pages (the
 * "last-resort" flavour, what a heap snapshot does) and logs what it gave back. It never pauses
 * a leader or a node that applies, and a quiet node pays for it once per burst, not per check.
 */
export class MemoryReducer {
  private readonly checkEveryMs: number;
  private readonly quietMs: number;
  private readonly growthBytes: number;
  private readonly now: () => number;
  /** The quiet time this round: `quietMs` plus its jitter. */
  private quietNeededMs = 0;
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
    this.drawQuiet();
    this.lastApplied = options.applied();
    this.lastMovedAt = this.now();
    this.baselineBytes = options.rss();
  }

  private drawQuiet() {
    const jitter = (this.options.jitterMs ?? 10_000) * (this.options.random ?? Math.random)();
    this.quietNeededMs = this.quietMs + jitter;
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
    if (applied !== this.lastApplied || this.options.busy()) {
      this.lastApplied = applied;
      this.lastMovedAt = now;
    }
    if (now - this.lastMovedAt < this.quietNeededMs) return 'busy';
    const before = this.options.rss();
    // A node whose RSS fell (a reduction by V8 itself) measures growth from the lower figure.
    this.baselineBytes = Math.min(this.baselineBytes, before);
    if (before - this.baselineBytes < this.growthBytes) return 'small';
    const started = performance.now();
    this.options.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const after = this.options.rss();
    this.baselineBytes = after;
    this.drawQuiet();
    this.options.logger.info('node.memory-reduced', {
      rssMib: Math.round(after / mebibyte),
      releasedMib: Math.round((before - after) / mebibyte),
      gcMs: Math.round(performance.now() - started),
    });
    return 'reduced';
  }
}
