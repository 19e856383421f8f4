// Goal: replication follows §5.3: consistency check, conflict truncation, fast back-off, commit.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../src/memory-storage.ts';
import type { AppendResponseMessage, Message } from '../src/message.ts';
import { createRandom } from '../src/random.ts';
import { RawNode } from '../src/raw-node.ts';
import type { Entry } from '../src/types.ts';
import { type UnsafeRules, withUnsafeRules } from '../src/unsafe.ts';
import { Harness } from './harness.ts';

function follower(
  entries: Entry[],
  term: number,
  unsafe: UnsafeRules = {},
): { node: RawNode; storage: MemoryStorage } {
  const storage = new MemoryStorage({ confState: { voters: ['a', 'b', 'c'], learners: [] } });
  storage.append(entries);
  storage.setHardState({ term, vote: null, commit: 0 });
  const random = createRandom(1);
  const node = withUnsafeRules(unsafe, () => new RawNode({ id: 'b', storage, random }));
  return { node, storage };
}

const entry = (index: number, term: number, data = `e${index}`): Entry => ({
  index,
  term,
  type: 'normal',
  data,
});

function appendTo(node: RawNode, message: Omit<Message & { type: 'append' }, 'from' | 'to'>) {
  node.step({ ...message, from: 'a', to: 'b' } as Message);
  const ready = node.ready();
  node.advance(ready);
  return {
    ready,
    response: ready.messages.find((m) => m.type === 'appendResponse') as AppendResponseMessage,
  };
}

describe('log replication (§5.3)', () => {
  // Reference: §5.3 "Once the entry has been safely replicated, the leader applies the entry
  // to its state machine"; "the leader ... includes [the commit index] in future
  // AppendEntries RPCs ... Once a follower learns that a log entry is committed, it applies".
  it('a proposal commits on a majority and every node applies it in order', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.isolate('c');
    for (const data of ['x', 'y', 'z']) h.raw('a').propose(data);
    h.deliverAll();
    expect(h.appliedData('a')).toEqual(['x', 'y', 'z']);
    expect(h.appliedData('b')).toEqual(['x', 'y', 'z']);
    expect(h.appliedData('c')).toEqual([]);
    h.heal();
    h.tick('a', 2);
    expect(h.appliedData('c')).toEqual(['x', 'y', 'z']);
  });

  // Reference: §5.3 "If the follower does not find an entry in its log with the same index and
  // term, then it refuses the new entries" (the consistency check), answering with a hint.
  it('a follower rejects an append whose previous entry does not match, with a hint', () => {
    const { node } = follower([entry(1, 1), entry(2, 1), entry(3, 2)], 3);
    const { response } = appendTo(node, {
      ...{ type: 'append', term: 3, prevLogIndex: 3, prevLogTerm: 3 },
      ...{ entries: [entry(4, 3)], commit: 0 },
    });
    expect(response.reject).toBe(true);
    expect(response.index).toBe(3);
    // Last index at or below 3 whose term is <= 3 is 3 itself (term 2): skip all of term 2.
    expect(response).toMatchObject({ hintIndex: 3, hintTerm: 2 });
  });

  // Reference: §5.3 "If an existing entry conflicts with a new one (same index but different
  // terms), delete the existing entry and all that follow it" (Figure 2, receiver step 3).
  it('conflicting entries are truncated and replaced; the storage is told to truncate', () => {
    const { node, storage } = follower([entry(1, 1), entry(2, 1), entry(3, 1)], 1);
    const { ready, response } = appendTo(node, {
      ...{ type: 'append', term: 2, prevLogIndex: 1, prevLogTerm: 1 },
      ...{ entries: [entry(2, 2, 'new')], commit: 0 },
    });
    expect(response).toMatchObject({ reject: false, index: 2 });
    expect(ready.entries).toEqual([entry(2, 2, 'new')]);
    storage.append(ready.entries);
    expect(storage.lastIndex()).toBe(2);
    expect(storage.term(2)).toBe(2);
  });

  // Reference: §5.3, Figure 2, AppendEntries receiver rule 5: "If leaderCommit > commitIndex,
  // set commitIndex = min(leaderCommit, index of last new entry)" — the last index this append
  // covered, not the follower's last index. Entries 3 and 4 below are a stale suffix from term
  // 2 behind a prefix that matches the term-3 leader, whose commit (4) covers its own entries 3
  // and 4 of term 3. An append that covers only the prefix must commit only the prefix.
  it('a follower commits only up to the last entry an append covered, not a stale suffix', () => {
    const log = [entry(1, 1), entry(2, 1), entry(3, 2, 'stale3'), entry(4, 2, 'stale4')];
    const cases = [
      { prevLogIndex: 2, prevLogTerm: 1, entries: [] },
      { prevLogIndex: 1, prevLogTerm: 1, entries: [entry(2, 1)] },
      { prevLogIndex: 0, prevLogTerm: 0, entries: [entry(1, 1)], committed: 1 },
    ];
    for (const { committed = 2, ...covered } of cases) {
      const { node } = follower(log, 3);
      const { ready, response } = appendTo(node, {
        ...covered,
        type: 'append',
        term: 3,
        commit: 4,
      });
      expect(response).toMatchObject({ reject: false, index: committed });
      expect(node.basicStatus().commit).toBe(committed);
      expect(ready.committedEntries).toEqual(log.slice(0, committed));
      // The stale suffix stays until an append covers it: then it is replaced, and commits.
      const next = appendTo(node, {
        ...{ type: 'append', term: 3, prevLogIndex: 2, prevLogTerm: 1 },
        ...{ entries: [entry(3, 3), entry(4, 3)], commit: 4 },
      });
      expect(next.ready.committedEntries.map((e) => e.term)).toEqual([1, 1, 3, 3].slice(committed));
    }
  });

  // The same scenario with rule 5 broken on purpose: the stale entry commits, so the test above
  // (and the simulator's teeth test) can tell the two apart.
  it('with rule 5 broken, the same append commits the stale suffix', () => {
    const log = [entry(1, 1), entry(2, 1), entry(3, 2, 'stale3'), entry(4, 2, 'stale4')];
    const { node } = follower(log, 3, { commitPastLastNewEntry: true });
    const { ready } = appendTo(node, {
      ...{ type: 'append', term: 3, prevLogIndex: 2, prevLogTerm: 1 },
      ...{ entries: [], commit: 4 },
    });
    expect(ready.committedEntries.map((e) => e.data)).toEqual(['e1', 'e2', 'stale3', 'stale4']);
  });

  // Reference: §5.3 "Append any new entries not already in the log": a duplicate append changes
  // nothing (entries already present are not rewritten).
  it('a repeated append is idempotent', () => {
    const { node } = follower([entry(1, 1), entry(2, 1)], 1);
    const { ready } = appendTo(node, {
      ...{ type: 'append', term: 1, prevLogIndex: 0, prevLogTerm: 0 },
      ...{ entries: [entry(1, 1), entry(2, 1)], commit: 0 },
    });
    expect(ready.entries).toEqual([]);
  });

  // Reference: §5.3 "the follower can include the term of the conflicting entry and the first
  // index it stores for that term. With this information, the leader can decrement nextIndex to
  // bypass all of the conflicting entries in that term".
  it('fast back-off repairs a long divergent follower in a few round trips', () => {
    const h = new Harness(['a', 'b', 'c'], { checkQuorum: false, maxEntriesPerMessage: 1000 });
    h.elect('a');
    h.isolate('a');
    for (let i = 0; i < 50; i++) h.raw('a').propose(`stale${i}`);
    h.deliverAll();
    h.heal();
    h.isolate('a');
    h.cut.delete('b>c');
    h.cut.delete('c>b');
    h.elect('b');
    for (let i = 0; i < 50; i++) h.raw('b').propose(`fresh${i}`);
    h.deliverAll();
    h.heal();
    let rejections = 0;
    h.filter = (m) => {
      if (m.type === 'appendResponse' && m.reject) rejections++;
      return true;
    };
    h.tick('b', 3);
    expect(rejections).toBeLessThanOrEqual(2);
    expect(h.appliedData('a')).toEqual(h.appliedData('b'));
    expect(h.appliedData('a')).toHaveLength(50);
  });

  // Reference: §5.2 "Heartbeats (AppendEntries RPCs that carry no log entries)" keep followers
  // from timing out.
  it('heartbeats keep followers from campaigning', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.tickAll(100);
    expect(h.raw('a').status()).toMatchObject({ role: 'leader', term: 1 });
  });
});
