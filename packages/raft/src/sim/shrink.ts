import { runSimulation, type SimOptions, type SimResult } from './run.ts';

/** Bound on re-runs while shrinking one failure. */
export const SHRINK_RUNS_MAX = 64;

/**
 * Shrinks a failing seed's fault schedule: drop one fault at a time and keep the drop whenever
 * the seed still fails with the same property. Returns the last failing run, traced.
 */
export function shrink(failure: SimResult, nodes: number, extra: Partial<SimOptions> = {}) {
  const property = failure.violation?.property;
  let kept = failure.keptFaults.slice();
  let runs = 0;
  for (let i = kept.length - 1; i >= 0 && runs < SHRINK_RUNS_MAX; i--) {
    const candidate = kept.filter((_, j) => j !== i);
    runs++;
    const result = runSimulation({ ...extra, seed: failure.seed, nodes, keepFaults: candidate });
    if (result.violation?.property === property) kept = candidate;
  }
  const options = { ...extra, seed: failure.seed, nodes, keepFaults: kept, traceLines: 200 };
  return runSimulation(options);
}
