// Goal: the safety rules of §5.4 hold, including the Figure 8 scenario, and breaking §5.4.2 shows.
import { describe, expect, it } from 'vitest';
import type { Message } from '../src/message.ts';
import { Harness } from './harness.ts';

const ids = ['s1', 's2', 's3', 's4', 's5'];

function cutBetween(h: Harness, a: string, others: string[]): void {
  for (const b of others) {
    h.cut.add(`${a}>${b}`);
    h.cut.add(`${b}>${a}`);
  }
}

/** A crash and restart: the node keeps only what it persisted. */
function restart(h: Harness, id: string): void {
  const { storage, applied } = h.node(id);
  const last = applied[applied.length - 1]?.index ?? 0;
  h.add(id, storage, { applied: last }).applied.push(...applied);
}

/**
 * Figure 8 of the paper, step by step. Returns what s1 committed at the critical point (c) and
 * the entry each node finally applied at index 2.
 */
function figure8(unsafe: boolean) {
  const h = new Harness(
    ids,
    { preVote: false, checkQuorum: false, maxEntriesPerMessage: 1 },
    ids,
    unsafe ? { commitPreviousTermByCounting: true } : {},
  );
  h.elect('s1');
  // (a) s1 leads and replicates index 2 only to s2.
  cutBetween(h, 's1', ['s3', 's4', 's5']);
  h.raw('s1').propose('x');
  h.deliverAll();
  // (b) s1 is gone; s5 wins with s3 and s4, appends index 2 in its term, replicates nothing.
  h.heal();
  h.isolate('s1');
  h.filter = (m: Message) => !(m.from === 's5' && m.type === 'append');
  h.elect('s5');
  expect(h.raw('s5').status().role).toBe('leader');
  // (c) s5 is gone; s1 returns, wins (second try: s3 and s4 already voted in s5's term), and
  // replicates its old index 2 to s3 and s4 but not yet its own term's entry.
  h.heal();
  h.isolate('s5');
  restart(h, 's1');
  h.filter = (m: Message) =>
    !(
      m.from === 's1' &&
      m.type === 'append' &&
      (m.to === 's2' ||
        m.commit >= 2 ||
        // Let s3 and s4 reject the first probe and take index 2, but never index 3.
        (m.entries.some((e) => e.index >= 3) && h.raw(m.to).status().lastIndex >= 2))
    );
  h.elect('s1');
  h.elect('s1');
  expect(h.raw('s1').status().role).toBe('leader');
  const commitAtC = h.raw('s1').status().commit;
  // (d) s1 crashes; s5 is elected by s2, s3, s4 (its last term is higher) and overwrites.
  h.heal();
  h.isolate('s1');
  restart(h, 's5');
  h.elect('s5');
  h.elect('s5');
  expect(h.raw('s5').status().role).toBe('leader');
  const appliedAt2 = new Map(
    ids.map((id) => [id, h.node(id).applied.find((e) => e.index === 2)] as const),
  );
  return { commitAtC, appliedAt2 };
}

describe('commitment (§5.4.2)', () => {
  // Reference: §5.4.2 "Raft never commits log entries from previous terms by counting
  // replicas"; Figure 8 (c): s1 must not commit index 2 although s1, s2, s3 hold it.
  it('Figure 8: a leader does not commit a previous-term entry held by a majority', () => {
    const { commitAtC, appliedAt2 } = figure8(false);
    expect(commitAtC).toBe(1);
    // Everyone that applied index 2 applied the same entry: s5's, from term 2.
    const applied = [...appliedAt2.values()].filter((e) => e !== undefined);
    expect(applied.length).toBeGreaterThanOrEqual(3);
    for (const entry of applied) expect(entry).toEqual(applied[0]);
  });

  // Reference: §5.4.2, Figure 8 (d): committing by counting lets a committed entry be
  // overwritten — the state machines diverge. This is what the unsafe switch must produce.
  it('Figure 8 with the §5.4.2 rule broken: an applied entry is overwritten', () => {
    const { commitAtC, appliedAt2 } = figure8(true);
    expect(commitAtC).toBe(2);
    const onS1 = appliedAt2.get('s1');
    const onS3 = appliedAt2.get('s3');
    expect(onS1?.data).toBe('x');
    expect(onS3?.term).toBe(2);
    expect(onS3).not.toEqual(onS1);
  });
});

describe('leader completeness (§5.4.3)', () => {
  // Reference: §5.4 "the leader for any given term contains all of the entries committed in
  // previous terms": after any leader change, every committed entry survives.
  it('entries committed under one leader are in every later leader log', () => {
    const h = new Harness(['a', 'b', 'c'], { checkQuorum: false });
    h.elect('a');
    h.raw('a').propose('one');
    h.raw('a').propose('two');
    h.deliverAll();
    h.isolate('a');
    h.elect('b');
    h.raw('b').propose('three');
    h.deliverAll();
    h.heal();
    h.elect('c');
    h.raw('c').propose('four');
    h.deliverAll();
    for (const id of ['a', 'b', 'c']) {
      expect(h.appliedData(id)).toEqual(['one', 'two', 'three', 'four']);
    }
  });
});
