/** The `p`th percentile (0–100) of latencies sorted ascending; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The median and 99th percentile of some latencies, in milliseconds. */
export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
}

/** Summarises latencies (any order; the array is sorted in place). */
export function summarize(latencies: number[]): LatencySummary {
  latencies.sort((a, b) => a - b);
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** What one measured phase did: successes per second and their latency. */
export interface Throughput extends LatencySummary {
  perSecond: number;
  operations: number;
}

/** Runs `operation` from `clients` concurrent loops for `seconds`; counts successes. */
export async function measure(
  clients: number,
  seconds: number,
  operation: () => Promise<unknown>,
): Promise<Throughput> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await operation();
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, loop));
  const elapsedS = (performance.now() - started) / 1000;
  return {
    perSecond: latencies.length / elapsedS,
    operations: latencies.length,
    ...summarize(latencies),
  };
}
