// Goal: 5-node simulations, seeds 1..500, end with zero safety,
// liveness or linearizability violations.
import { expect, it } from 'vitest';
import { describeFailure, runCampaign } from '../../src/sim/campaign.ts';

it('5 nodes, seeds 1..500: no violations', () => {
  const summary = runCampaign({ start: 1, count: 500, nodes: 5 });
  const reports = summary.failures.slice(0, 3).map((failure) => describeFailure(failure, 5));
  for (const report of reports) console.error(report);
  expect(reports).toEqual([]);
  expect(summary.seeds).toBe(500);
  // The checker decided (almost) every history; undecided ones are never counted as passes.
  expect(summary.undecided).toBeLessThanOrEqual(summary.seeds / 100);
});
