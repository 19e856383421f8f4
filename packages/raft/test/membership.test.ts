// Goal: single-server membership changes (§6) add, promote and remove one server at a time, safely.
import { describe, expect, it } from 'vitest';
import type { MemoryStorage } from '../src/memory-storage.ts';
import { Harness } from './harness.ts';

/** A 3-voter cluster with a fourth node d that starts outside the configuration. */
function clusterWithSpare(): Harness {
  const h = new Harness(['a', 'b', 'c', 'd'], {}, ['a', 'b', 'c']);
  h.elect('a');
  return h;
}

describe('membership changes (§6)', () => {
  // Reference: §6 (thesis §4.2.1): a new server first joins as a non-voting learner and
  // catches up without affecting quorums; then it is promoted.
  it('adds a learner that catches up, then promotes it to voter', () => {
    const h = clusterWithSpare();
    h.raw('a').propose('before');
    h.deliverAll();
    expect(h.raw('a').proposeConfChange({ type: 'addLearner', nodeId: 'd' }).ok).toBe(true);
    h.deliverAll();
    h.tick('a', 2);
    expect(h.raw('a').status().confState).toEqual({ voters: ['a', 'b', 'c'], learners: ['d'] });
    expect(h.appliedData('d')).toEqual(['before']);
    expect(h.raw('a').proposeConfChange({ type: 'promote', nodeId: 'd' }).ok).toBe(true);
    h.deliverAll();
    h.tick('a', 2);
    for (const id of ['a', 'b', 'c', 'd']) {
      expect(h.raw(id).status().confState.voters).toEqual(['a', 'b', 'c', 'd']);
    }
  });

  // Reference: §6 — a learner never campaigns and its vote never counts toward a quorum.
  it('a learner does not campaign', () => {
    const h = clusterWithSpare();
    h.raw('a').proposeConfChange({ type: 'addLearner', nodeId: 'd' });
    h.deliverAll();
    h.isolate('d');
    h.tick('d', 50);
    expect(h.raw('d').status().role).toBe('follower');
    expect(h.raw('d').status().term).toBe(1);
  });

  // Reference: thesis §4.1 — only one change at a time: the next one is refused until the
  // previous one is applied.
  it('refuses a second change while one is pending', () => {
    const h = clusterWithSpare();
    h.isolate('b');
    h.isolate('c');
    expect(h.raw('a').proposeConfChange({ type: 'addLearner', nodeId: 'd' }).ok).toBe(true);
    const second = h.raw('a').proposeConfChange({ type: 'remove', nodeId: 'c' });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.reason).toBe('confChangePending');
  });

  // Reference: Ongaro, raft-dev 2015 (single-server change bug): a new leader may not change
  // membership before an entry of its own term is committed and applied.
  it('a new leader refuses changes until its no-op is applied', () => {
    const h = clusterWithSpare();
    h.isolate('a');
    h.raw('b').campaign();
    h.drain();
    const result = h.raw('b').proposeConfChange({ type: 'addLearner', nodeId: 'd' });
    expect(result.ok).toBe(false);
  });

  it('refuses changes that do not fit the configuration', () => {
    const h = clusterWithSpare();
    const promote = h.raw('a').proposeConfChange({ type: 'promote', nodeId: 'd' });
    const add = h.raw('a').proposeConfChange({ type: 'addLearner', nodeId: 'b' });
    for (const result of [promote, add]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.reason).toBe('invalidConfChange');
    }
  });

  // Reference: §6 "the leader steps down (returns to follower state) once it has committed
  // the C_new log entry" when it is not part of the new configuration.
  it('a removed leader steps down and the rest elect a new leader', () => {
    const h = clusterWithSpare();
    h.raw('a').proposeConfChange({ type: 'remove', nodeId: 'a' });
    h.deliverAll();
    expect(h.raw('a').status().role).toBe('follower');
    h.tickAll(40);
    const leaders = ['b', 'c'].filter((id) => h.raw(id).status().role === 'leader');
    expect(leaders).toHaveLength(1);
    const leader = leaders[0] as string;
    expect(h.raw(leader).status().confState.voters).toEqual(['b', 'c']);
    h.raw(leader).propose('after');
    h.deliverAll();
    expect(h.appliedData('b')).toEqual(['after']);
  });

  // Reference: §6 — a removed follower no longer counts: the two remaining voters commit alone.
  it('after removing a follower, the smaller majority commits', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.raw('a').proposeConfChange({ type: 'remove', nodeId: 'c' });
    h.deliverAll();
    h.isolate('c');
    h.raw('a').propose('two voters');
    h.deliverAll();
    expect(h.appliedData('b')).toEqual(['two voters']);
  });

  it('a restarted node re-derives its configuration from storage', () => {
    const h = clusterWithSpare();
    h.raw('a').proposeConfChange({ type: 'addLearner', nodeId: 'd' });
    h.deliverAll();
    const b = h.node('b');
    const storage: MemoryStorage = b.storage;
    const restarted = h.add('b', storage, { applied: 0 });
    h.deliverAll();
    h.tick('a', 2);
    expect(restarted.raw.status().confState.learners).toEqual(['d']);
  });
});
