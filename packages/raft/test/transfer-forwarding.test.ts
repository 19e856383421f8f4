// Goal: leadership transfer and proposal forwarding work, and refusals are typed values.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

describe('leadership transfer (thesis §3.10)', () => {
  // Reference: thesis §3.10 — the leader brings the target's log up to date, then sends
  // TimeoutNow; the target campaigns at once and wins.
  it('hands leadership to an up-to-date follower', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    expect(h.raw('a').transferLeadership('c')).toBeNull();
    h.deliverAll();
    expect(h.raw('c').status().role).toBe('leader');
    expect(h.raw('a').status()).toMatchObject({ role: 'follower', leaderId: 'c' });
  });

  it('catches a lagging target up first, and refuses proposals meanwhile', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.isolate('c');
    h.raw('a').propose('x');
    h.deliverAll();
    h.heal();
    h.raw('a').transferLeadership('c');
    const refused = h.raw('a').propose('during');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.reason).toBe('transferInProgress');
    h.deliverAll();
    expect(h.raw('c').status().role).toBe('leader');
    expect(h.appliedData('c')).toEqual(['x']);
  });

  it('refuses bad targets and non-leaders', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    expect(h.raw('a').transferLeadership('a')?.reason).toBe('invalidTransferTarget');
    expect(h.raw('a').transferLeadership('zz')?.reason).toBe('invalidTransferTarget');
    expect(h.raw('b').transferLeadership('c')?.reason).toBe('notLeader');
  });

  it('abandons a transfer that does not finish within an election timeout', () => {
    const h = new Harness(['a', 'b', 'c'], { electionTimeoutTicks: 10 });
    h.elect('a');
    h.isolate('c');
    h.raw('a').transferLeadership('c');
    h.tick('a', 10);
    expect(h.raw('a').status().leadTransferee).toBeNull();
    expect(h.raw('a').propose('after').ok).toBe(true);
  });
});

describe('proposal forwarding', () => {
  it('a follower forwards proposals to the leader', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    const result = h.raw('b').propose('via-b');
    expect(result).toEqual({ ok: true, index: null });
    h.deliverAll();
    expect(h.appliedData('a')).toEqual(['via-b']);
    expect(h.appliedData('c')).toEqual(['via-b']);
  });

  it('refuses with noLeader when no leader is known', () => {
    const h = new Harness(['a', 'b', 'c']);
    const result = h.raw('b').propose('lost');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toBe('noLeader');
  });

  // Reference: thesis §6.2 — a server that is not the leader passes requests to the leader it
  // knows, and one that knows none rejects them so the client can retry.
  it('a candidate refuses every request: no leader is known while it campaigns', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.isolate('a');
    h.raw('a').campaign();
    h.drain();
    expect(h.raw('a').status().role).toBe('candidate');
    const proposal = h.raw('a').propose('lost');
    expect(proposal.ok).toBe(false);
    if (!proposal.ok) expect(proposal.error.reason).toBe('noLeader');
    expect(h.raw('a').readIndex('r')?.reason).toBe('noLeader');
    expect(h.raw('a').transferLeadership('b')?.reason).toBe('notLeader');
  });

  it('a follower drops a proposal a peer forwarded to it instead of passing it on', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    const entries = [{ type: 'normal' as const, data: 'two-hops' }];
    h.raw('b').step({ type: 'propose', from: 'c', to: 'b', term: 0, entries });
    h.drain();
    expect(h.queue.filter((message) => message.type === 'propose')).toEqual([]);
    h.deliverAll();
    expect(h.appliedData('a')).toEqual([]);
  });

  it('forwards membership changes too', () => {
    const h = new Harness(['a', 'b', 'c', 'd'], {}, ['a', 'b', 'c']);
    h.elect('a');
    h.raw('b').proposeConfChange({ type: 'addLearner', nodeId: 'd' });
    h.deliverAll();
    expect(h.raw('a').status().confState.learners).toEqual(['d']);
  });
});
