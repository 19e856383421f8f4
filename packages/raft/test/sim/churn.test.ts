// Goal: a leader-crash nemesis (Figure 8's short overlapping leaderships) breaks nothing.
import { expect, it } from 'vitest';
import { describeFailure, runCampaign } from '../../src/sim/campaign.ts';

it('5 nodes under leader churn, 60 seeds: no violations', () => {
  const extra = { leaderChurn: true };
  const summary = runCampaign({ start: 1, count: 60, nodes: 5, extra });
  const reports = summary.failures.slice(0, 3).map((failure) => describeFailure(failure, 5, extra));
  for (const report of reports) console.error(report);
  expect(reports).toEqual([]);
});
