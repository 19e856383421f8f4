// Goal: pre-vote keeps a rejoining node from disrupting, and check-quorum deposes a cut-off leader.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

describe('pre-vote (thesis §9.6)', () => {
  // Reference: thesis §9.6 — a partitioned server runs pre-votes that fail, so its term does
  // not grow, and rejoining does not depose the leader.
  it('a partitioned follower does not inflate its term or disrupt on rejoin', () => {
    const h = new Harness(['a', 'b', 'c'], { preVote: true });
    h.elect('a');
    h.isolate('c');
    h.tick('c', 100);
    expect(h.raw('c').status().term).toBe(1);
    h.heal();
    h.tickAll(5);
    expect(h.raw('a').status()).toMatchObject({ role: 'leader', term: 1 });
    expect(h.raw('c').status().leaderId).toBe('a');
  });

  it('without pre-vote the same rejoin bumps the term (what pre-vote prevents)', () => {
    const h = new Harness(['a', 'b', 'c'], { preVote: false, checkQuorum: false });
    h.elect('a');
    h.isolate('c');
    h.tick('c', 100);
    expect(h.raw('c').status().term).toBeGreaterThan(1);
  });

  // Reference: thesis §9.6 — pre-vote still elects a leader when one is needed.
  it('a pre-vote round leads to a real election when the leader is gone', () => {
    const h = new Harness(['a', 'b', 'c'], { preVote: true });
    h.elect('a');
    h.isolate('a');
    h.tickAll(40);
    const leaders = ['b', 'c'].filter((id) => h.raw(id).status().role === 'leader');
    expect(leaders).toHaveLength(1);
  });
});

describe('check-quorum (§6, thesis §6.2)', () => {
  // Reference: thesis §6.2 — a leader that has not heard from a majority within an election
  // timeout steps down, so clients stop talking to a leader that cannot commit.
  it('an isolated leader steps down after an election timeout', () => {
    const h = new Harness(['a', 'b', 'c'], { checkQuorum: true, electionTimeoutTicks: 10 });
    h.elect('a');
    h.isolate('a');
    h.tick('a', 21);
    expect(h.raw('a').status().role).toBe('follower');
  });

  it('a leader that hears from a majority stays', () => {
    const h = new Harness(['a', 'b', 'c'], { checkQuorum: true });
    h.elect('a');
    h.isolate('c');
    h.tick('a', 50);
    expect(h.raw('a').status().role).toBe('leader');
  });

  // Reference: §6 "servers disregard RequestVote RPCs when they believe a current leader
  // exists" (within the minimum election timeout of hearing from it).
  it('followers in a leader lease ignore a vote request with a higher term', () => {
    const h = new Harness(['a', 'b', 'c'], { checkQuorum: true, preVote: false });
    h.elect('a');
    h.raw('b').step({
      ...{ type: 'vote', from: 'c', to: 'b', term: 9 },
      ...{ lastLogIndex: 5, lastLogTerm: 5, force: false },
    });
    expect(h.raw('b').status().term).toBe(1);
  });
});

describe('a dropped connection to the leader (the driver saw its socket close)', () => {
  const followers = ['b', 'c'];
  const leaders = (h: Harness) => followers.filter((id) => h.raw(id).status().role === 'leader');

  it('lets a follower campaign within a few ticks, with the other granting', () => {
    const h = new Harness(['a', 'b', 'c'], { electionTimeoutTicks: 10 });
    h.elect('a');
    h.isolate('a');
    for (const id of followers) h.raw(id).leaderLost('a');
    h.tick('b', 5);
    expect(leaders(h)).toEqual(['b']);
    expect(h.raw('c').status().leaderId).toBe('b');
  });

  it('without it the same five ticks elect nobody: the lease holds until a timeout', () => {
    const h = new Harness(['a', 'b', 'c'], { electionTimeoutTicks: 10 });
    h.elect('a');
    h.isolate('a');
    h.tick('b', 5);
    expect(leaders(h)).toEqual([]);
  });

  it('does not let one follower depose a leader the others still hear', () => {
    const h = new Harness(['a', 'b', 'c'], { electionTimeoutTicks: 10 });
    h.elect('a');
    h.raw('c').leaderLost('a');
    h.tickAll(10);
    expect(h.raw('a').status()).toMatchObject({ role: 'leader', term: 1 });
  });

  it('ignores a peer that is not its leader', () => {
    const h = new Harness(['a', 'b', 'c'], { electionTimeoutTicks: 10 });
    h.elect('a');
    h.isolate('a');
    h.raw('b').leaderLost('c');
    h.tick('b', 5);
    expect(h.raw('b').status()).toMatchObject({ role: 'follower', leaderId: 'a' });
  });
});
