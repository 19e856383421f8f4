import type { Logger } from '../logger.ts';

export interface SchedulerOptions {
  /** True while this node leads: only the leader ticks. */
  isLeader(): boolean;
  /** Whether a tick at `now` would do anything (read locally; the leader's state is current). */
  due(now: number): Promise<boolean>;
  /** Proposes `schedule.tick` carrying `now` and resolves with whether work is left over. */
  tick(now: number): Promise<{ more: boolean }>;
  intervalMs: number;
  logger: Logger;
  /** The wall clock; tests skew it through the fault-injection endpoint. */
  now?: () => number;
}

/** Bound on ticks in a row when each answers `more` (a backlog after a long outage). */
const catchUpTicksMax = 50;

/**
 * The leader's clock for scheduled work (ARCHITECTURE.md, "Side effects"): every `intervalMs`,
 * and at once on becoming leader, it proposes `schedule.tick` with the time when something is
 * due by then; apply makes it. The time only ever moves forward here, and apply ignores a tick at or
 * before the latest it applied, so a new leader with a slower clock repeats nothing.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  private last = 0;
  private skewMs = 0;
  private readonly clock: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.run(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Test-only: shifts the time ticks carry (fault injection's `clockSkewMs`). */
  setSkew(skewMs: number): void {
    this.skewMs = skewMs;
  }

  /** The time the next tick carries: the skewed clock, never at or before the last tick. */
  now(): number {
    return Math.max(this.clock() + this.skewMs, this.last + 1);
  }

  /** Ticks now (and again while work is left over), if this node leads and no tick runs. */
  async run(): Promise<void> {
    if (this.running || this.stopped || !this.options.isLeader()) return;
    this.running = true;
    try {
      for (let n = 0; n < catchUpTicksMax && !this.stopped && this.options.isLeader(); n++) {
        const now = this.now();
        if (!(await this.options.due(now))) break;
        const { more } = await this.options.tick(now);
        this.last = now;
        if (!more) break;
      }
    } catch (error) {
      // No leader any more, or no quorum: the next leader, or the next interval, ticks again.
      this.options.logger.info('schedule.tick-failed', { error: (error as Error).message });
    } finally {
      this.running = false;
    }
  }
}
