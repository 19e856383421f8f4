import { readFileSync } from 'node:fs';

/** How often the sampler reads every process's resident set size. */
export const rssSampleIntervalMs = 50;

/**
 * The resident set size of process `pid` in bytes (VmRSS of /proc/<pid>/status), or null when
 * the process is gone (it exited, or it crashed under the load being measured).
 */
export function residentBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

/**
 * Samples the RSS of named processes every `rssSampleIntervalMs` from `start` until `stop`, and
 * keeps each one's peak. A process added later (a joining node) is sampled from then on.
 */
export class RssSampler {
  private readonly pids = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  /** Samples `pid` under `name` from now on. */
  watch(name: string, pid: number): void {
    this.pids.set(name, pid);
    this.sample();
  }

  start(): void {
    this.timer ??= setInterval(() => this.sample(), rssSampleIntervalMs);
  }

  /** Stops sampling; returns the peak bytes of each process seen (absent: never read). */
  stop(): Map<string, number> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return new Map(this.peaks);
  }

  private sample(): void {
    for (const [name, pid] of this.pids) {
      const bytes = residentBytes(pid);
      if (bytes !== null) this.peaks.set(name, Math.max(bytes, this.peaks.get(name) ?? 0));
    }
  }
}
