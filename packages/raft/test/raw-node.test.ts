// Goal: RawNode's Ready/advance contract holds: what to persist, send and apply, and when.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../src/memory-storage.ts';
import { createRandom } from '../src/random.ts';
import { RawNode } from '../src/raw-node.ts';
import { Harness } from './harness.ts';

function single(): { node: RawNode; storage: MemoryStorage } {
  const storage = new MemoryStorage({ confState: { voters: ['a'], learners: [] } });
  return { node: new RawNode({ id: 'a', storage, random: createRandom(3) }), storage };
}

describe('RawNode', () => {
  it('reports soft and hard state only when they change', () => {
    const { node, storage } = single();
    expect(node.hasReady()).toBe(false);
    node.campaign();
    const first = node.ready();
    expect(first.softState).toEqual({ role: 'leader', leaderId: 'a' });
    expect(first.hardState).toEqual({ term: 1, vote: 'a', commit: 1 });
    expect(first.entries).toEqual([{ term: 1, index: 1, type: 'normal', data: '' }]);
    expect(first.committedEntries).toHaveLength(1);
    storage.append(first.entries);
    storage.setHardState(first.hardState ?? { term: 0, vote: null, commit: 0 });
    node.advance(first);
    expect(node.hasReady()).toBe(false);
    node.tick();
    expect(node.hasReady()).toBe(false);
  });

  it('refuses to hand out a second Ready before advance', () => {
    const { node } = single();
    node.campaign();
    node.ready();
    expect(() => node.ready()).toThrow(/advance/);
  });

  it('restarts from storage with the persisted term, vote and commit', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.raw('a').propose('x');
    h.deliverAll();
    const b = h.node('b');
    const restarted = h.add('b', b.storage, { applied: 2 });
    expect(restarted.raw.status()).toMatchObject({ term: 1, vote: 'a', commit: 2, applied: 2 });
    expect(restarted.raw.hasReady()).toBe(false);
  });

  it('a restart that lost unpersisted entries catches up from the leader', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.raw('a').propose('x');
    h.drain();
    // b receives the append but "crashes" before persisting it.
    for (const m of h.queue.splice(0)) if (m.to === 'b') h.raw('b').step(m);
    const storage = h.node('b').storage;
    expect(storage.lastIndex()).toBe(1);
    h.add('b', storage, { applied: 1 });
    h.tick('a', 2);
    expect(h.raw('b').status().commit).toBe(2);
  });

  it('exposes per-follower progress on the leader only', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    const leader = h.raw('a').status();
    expect(Object.keys(leader.progress).sort()).toEqual(['a', 'b', 'c']);
    expect(leader.progress.b).toMatchObject({ match: 1, next: 2, state: 'replicate' });
    expect(h.raw('b').status().progress).toEqual({});
  });

  it('ignores messages addressed to another node', () => {
    const { node } = single();
    node.step({ type: 'heartbeat', from: 'x', to: 'zz', term: 9, commit: 0, context: null });
    expect(node.status().term).toBe(0);
  });
});
