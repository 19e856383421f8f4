// Goal: ReadIndex (§8) gives linearizable read points only after the leader confirms its rule.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

describe('ReadIndex (§8)', () => {
  // Reference: §8 "the leader ... exchange heartbeat messages with a majority of the cluster
  // before responding to read-only requests"; the read point is the commit index.
  it('the leader confirms with a heartbeat quorum, then returns its commit index', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.raw('a').propose('x');
    h.deliverAll();
    expect(h.raw('a').readIndex('r1')).toBeNull();
    h.drain();
    expect(h.node('a').readStates).toEqual([]);
    expect(h.queue.filter((m) => m.type === 'heartbeat' && m.context === 'r1')).toHaveLength(2);
    h.deliverAll();
    expect(h.node('a').readStates).toEqual([{ index: 2, context: 'r1' }]);
  });

  // Reference: §8 "a leader must ... commit a blank no-op entry at the start of its term" before
  // it knows which entries are committed; reads wait for it.
  it('a new leader defers reads until an entry of its term commits', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.raw('a').campaign();
    h.drain();
    // Deliver the votes and their answers only: a leads but its no-op is not yet committed.
    for (const m of h.queue.splice(0)) h.deliver(m);
    h.drain();
    for (const m of h.queue.splice(0)) h.deliver(m);
    h.drain();
    const appends = h.queue.splice(0);
    expect(h.raw('a').status().role).toBe('leader');
    h.raw('a').readIndex('early');
    h.drain();
    h.queue = [];
    expect(h.node('a').readStates).toEqual([]);
    for (const m of appends) h.deliver(m);
    h.deliverAll();
    expect(h.node('a').readStates).toEqual([{ index: 1, context: 'early' }]);
  });

  // Reference: §8 — a deposed leader that cannot reach a majority must not serve reads.
  it('an isolated leader never confirms a read', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.isolate('a');
    h.raw('a').readIndex('stale');
    h.tick('a', 5);
    expect(h.node('a').readStates).toEqual([]);
  });

  // Reference: §8 / thesis §6.4 — followers serve linearizable reads by asking the leader for
  // its read index, then waiting until they have applied that far.
  it('a follower forwards ReadIndex and gets the leader read point', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.raw('a').propose('x');
    h.deliverAll();
    expect(h.raw('c').readIndex('from-c')).toBeNull();
    h.deliverAll();
    expect(h.node('c').readStates).toEqual([{ index: 2, context: 'from-c' }]);
  });

  it('a follower without a leader refuses with a typed error', () => {
    const h = new Harness(['a', 'b', 'c']);
    const refusal = h.raw('b').readIndex('nobody');
    expect(refusal?.reason).toBe('noLeader');
  });

  it('many reads are confirmed by one heartbeat round, in order', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.isolate('b');
    h.isolate('c');
    h.raw('a').readIndex('r1');
    h.raw('a').readIndex('r2');
    h.raw('a').readIndex('r3');
    h.drain();
    h.heal();
    h.tick('a', 1);
    expect(h.node('a').readStates.map((r) => r.context)).toEqual(['r1', 'r2', 'r3']);
  });

  it('a single-voter cluster answers reads at once', () => {
    const h = new Harness(['solo']);
    h.elect('solo');
    h.raw('solo').readIndex('r');
    h.drain();
    expect(h.node('solo').readStates).toEqual([{ index: 1, context: 'r' }]);
  });

  it('bounds the read queue (readIndexPendingMax)', () => {
    const h = new Harness(['a', 'b', 'c'], { readIndexPendingMax: 2 });
    h.elect('a');
    h.isolate('a');
    expect(h.raw('a').readIndex('1')).toBeNull();
    expect(h.raw('a').readIndex('2')).toBeNull();
    expect(h.raw('a').readIndex('3')?.reason).toBe('readIndexQueueFull');
  });
});
