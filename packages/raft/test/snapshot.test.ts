// Goal: log compaction and chunked InstallSnapshot (§7) bring a follower back from far behind.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../src/memory-storage.ts';
import type { SnapshotMessage } from '../src/message.ts';
import { createRandom } from '../src/random.ts';
import { RawNode } from '../src/raw-node.ts';
import { Harness } from './harness.ts';

/** Leader a compacts its log up to its applied index behind a snapshot holding `data`. */
function compact(h: Harness, id: string, data: string): number {
  const node = h.node(id);
  const status = node.raw.status();
  node.storage.createSnapshot(status.applied, status.confState, data);
  node.storage.compact(status.applied);
  return status.applied;
}

describe('log compaction and InstallSnapshot (§7)', () => {
  // Reference: §7 "the leader must occasionally send snapshots to followers that lag behind":
  // the entries the follower needs are gone, so it gets the snapshot, in chunks.
  it('streams a snapshot in chunks to a follower behind the compacted log', () => {
    const h = new Harness(['a', 'b', 'c'], { snapshotChunkBytes: 4, checkQuorum: false });
    h.elect('a');
    h.isolate('c');
    for (let i = 0; i < 5; i++) h.raw('a').propose(`p${i}`);
    h.deliverAll();
    const index = compact(h, 'a', 'SNAPSHOT-DATA');
    h.heal();
    const chunks: SnapshotMessage[] = [];
    h.filter = (m) => {
      if (m.type === 'snapshot') chunks.push(m);
      return true;
    };
    h.tick('a', 1);
    expect(chunks.map((c) => c.data)).toEqual(['SNAP', 'SHOT', '-DAT', 'A']);
    expect(chunks.map((c) => c.done)).toEqual([false, false, false, true]);
    const c = h.node('c');
    expect(c.storage.snapshot().data).toBe('SNAPSHOT-DATA');
    expect(c.raw.status()).toMatchObject({ commit: index, applied: index });
    // Replication continues normally after the snapshot.
    h.raw('a').propose('after');
    h.deliverAll();
    expect(h.appliedData('c')).toEqual(['after']);
    expect(h.raw('a').status().progress.c?.state).toBe('replicate');
  });

  it('resends from the last acknowledged offset when a chunk is lost', () => {
    const h = new Harness(['a', 'b', 'c'], { snapshotChunkBytes: 3, checkQuorum: false });
    h.elect('a');
    h.isolate('c');
    for (let i = 0; i < 3; i++) h.raw('a').propose(`p${i}`);
    h.deliverAll();
    compact(h, 'a', 'abcdefghi');
    h.heal();
    let dropped = false;
    h.filter = (m) => {
      if (m.type === 'snapshot' && m.offset === 3 && !dropped) {
        dropped = true;
        return false;
      }
      return true;
    };
    h.tick('a', 1);
    expect(dropped).toBe(true);
    expect(h.raw('a').status().progress.c?.state).toBe('snapshot');
    h.tick('a', 2);
    expect(h.node('c').storage.snapshot().data).toBe('abcdefghi');
    expect(h.raw('a').status().progress.c?.state).toBe('replicate');
  });

  it('a restarted node resumes from its snapshot without re-applying compacted entries', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    for (let i = 0; i < 3; i++) h.raw('a').propose(`p${i}`);
    h.deliverAll();
    const index = compact(h, 'b', 'state@4');
    const restarted = h.add('b', h.node('b').storage, { applied: index });
    h.raw('a').propose('next');
    h.deliverAll();
    expect(restarted.applied.map((e) => e.data)).toEqual(['next']);
  });
});

/** Follower c of a, b, c, with `entries` persisted and `commit`, in term 2. */
function follower(entries: Array<{ index: number; term: number }>, commit: number) {
  const storage = new MemoryStorage({ confState: { voters: ['a', 'b', 'c'], learners: [] } });
  storage.append(entries.map((e) => ({ ...e, type: 'normal' as const, data: `e${e.index}` })));
  storage.setHardState({ term: 2, vote: null, commit });
  const node = new RawNode({ id: 'c', storage, random: createRandom(5), applied: commit });
  return { node, storage };
}

/** Leader a's whole snapshot at `index` (term 1) in one chunk, sent in term 3. */
function snapshotAt(index: number): SnapshotMessage {
  const metadata = { index, term: 1, confState: { voters: ['a', 'b', 'c'], learners: [] } };
  const chunk = { offset: 0, data: `state@${index}`, done: true };
  return { type: 'snapshot', from: 'a', to: 'c', term: 3, metadata, ...chunk };
}

/** What c answers a once it has taken `message` and its driver has persisted the Ready. */
function answer(c: { node: RawNode; storage: MemoryStorage }, message: SnapshotMessage) {
  const { node, storage } = c;
  node.step(message);
  const ready = node.ready();
  if (ready.snapshot !== null) storage.applySnapshot(ready.snapshot);
  storage.append(ready.entries);
  if (ready.hardState !== null) storage.setHardState(ready.hardState);
  node.advance(ready);
  const replies = ready.messages.filter((m) => m.type === 'appendResponse' && m.to === 'a');
  expect(replies).toHaveLength(1);
  return { ready, reply: replies[0] };
}

describe('the answer to a complete snapshot (§7, etcd raft.go handleSnapshot)', () => {
  // Reference: §7 "If instead the follower receives a snapshot that describes a prefix of its
  // log (due to retransmission or by mistake), then log entries covered by the snapshot are
  // deleted but entries following the snapshot are still valid and must be retained".
  // Retained, but not vouched for: past the snapshot's last entry they may be a stale suffix
  // from an old term, so the answer (the leader's match) is only the commit index, as etcd
  // answers when restore() fast-forwards (returns false).
  it('a follower whose log holds the snapshot point answers its commit, not a stale suffix', () => {
    const stale = [
      ...[1, 2, 3].map((index) => ({ index, term: 1 })),
      ...[4, 5].map((index) => ({ index, term: 2 })),
    ];
    const c = follower(stale, 1);
    const { ready, reply } = answer(c, snapshotAt(3));
    expect(reply).toMatchObject({ index: 3, reject: false, term: 3 });
    // Fast-forwarded, not installed: the log and its stale suffix stay until an append
    // from the leader overwrites them.
    expect(ready.snapshot).toBeNull();
    expect(c.node.status()).toMatchObject({ commit: 3, lastIndex: 5 });
  });

  it('a follower that installs the snapshot answers the snapshot index', () => {
    const short = [1, 2].map((index) => ({ index, term: 1 }));
    const c = follower(short, 1);
    const { ready, reply } = answer(c, snapshotAt(3));
    expect(reply).toMatchObject({ index: 3, reject: false, term: 3 });
    expect(ready.snapshot?.metadata.index).toBe(3);
    expect(c.node.status()).toMatchObject({ commit: 3, lastIndex: 3 });
  });

  it('a follower whose log conflicts at the snapshot point installs it and drops its log', () => {
    const conflicting = [
      ...[1, 2].map((index) => ({ index, term: 1 })),
      ...[3, 4, 5].map((index) => ({ index, term: 2 })),
    ];
    const c = follower(conflicting, 1);
    const { ready, reply } = answer(c, snapshotAt(3));
    expect(reply).toMatchObject({ index: 3, reject: false, term: 3 });
    expect(ready.snapshot?.metadata.index).toBe(3);
    expect(c.node.status()).toMatchObject({ commit: 3, lastIndex: 3 });
  });
});
