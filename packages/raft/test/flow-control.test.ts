// Goal: the leader bounds what it sends (batches, in-flight window) and what it accepts (bytes).
import { describe, expect, it } from 'vitest';
import type { AppendMessage } from '../src/message.ts';
import { Harness } from './harness.ts';

function appendsTo(h: Harness, to: string): AppendMessage[] {
  return h.queue.filter((m): m is AppendMessage => m.type === 'append' && m.to === to);
}

describe('flow control', () => {
  it('batches at most maxEntriesPerMessage entries per append', () => {
    const h = new Harness(['a', 'b', 'c'], { maxEntriesPerMessage: 2 });
    h.elect('a');
    h.cut.add('b>a');
    h.raw('a').proposeBatch(['1', '2', '3', '4', '5']);
    h.drain();
    const sizes = appendsTo(h, 'b').map((m) => m.entries.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('batches at most maxBytesPerMessage bytes per append, but at least one entry', () => {
    const h = new Harness(['a', 'b', 'c'], { maxBytesPerMessage: 25 });
    h.elect('a');
    h.cut.add('b>a');
    h.raw('a').proposeBatch(['0123456789', '0123456789', '0123456789', 'x'.repeat(40)]);
    h.drain();
    const batches = appendsTo(h, 'b').map((m) => m.entries.map((e) => e.data.length));
    expect(batches).toEqual([[10, 10], [10], [40]]);
  });

  it('pipelines at most inflightMessagesMax appends to a silent follower', () => {
    const h = new Harness(['a', 'b', 'c'], { inflightMessagesMax: 2 });
    h.elect('a');
    h.cut.add('b>a');
    for (let i = 0; i < 10; i++) h.raw('a').propose(`p${i}`);
    h.drain();
    expect(appendsTo(h, 'b').filter((m) => m.entries.length > 0)).toHaveLength(2);
    expect(h.raw('a').status().progress.b).toMatchObject({
      state: 'replicate',
      inflightMessages: 2,
    });
    // The answering follower c gets everything as its acknowledgements free the window.
    h.deliverAll();
    expect(h.appliedData('c')).toHaveLength(10);
    expect(h.raw('a').status().progress.b?.inflightMessages).toBe(2);
  });

  it('a follower that rejects goes back to probe: one append per round trip', () => {
    const h = new Harness(['a', 'b', 'c'], { checkQuorum: false });
    h.elect('a');
    h.isolate('b');
    for (let i = 0; i < 5; i++) h.raw('a').propose(`p${i}`);
    h.deliverAll();
    h.heal();
    h.tick('a', 1);
    expect(h.appliedData('b')).toHaveLength(5);
    expect(h.raw('a').status().progress.b?.state).toBe('replicate');
  });

  it('refuses proposals over maxUncommittedBytes with a typed error, then recovers', () => {
    const h = new Harness(['a', 'b', 'c'], { maxUncommittedBytes: 10 });
    h.elect('a');
    h.isolate('a');
    expect(h.raw('a').propose('123456').ok).toBe(true);
    const refused = h.raw('a').propose('123456');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.name).toBe('ProposalDroppedError');
      expect(refused.error.reason).toBe('uncommittedBytesCapExceeded');
    }
    h.heal();
    h.tick('a', 1);
    expect(h.appliedData('a')).toEqual(['123456']);
    expect(h.raw('a').propose('123456').ok).toBe(true);
  });

  it('always accepts one batch into an empty pipeline, even past the cap', () => {
    const h = new Harness(['a', 'b', 'c'], { maxUncommittedBytes: 4 });
    h.elect('a');
    expect(h.raw('a').propose('0123456789').ok).toBe(true);
  });
});
