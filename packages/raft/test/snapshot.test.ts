// Goal: log compaction and chunked InstallSnapshot (§7) bring a follower back from far behind.
import { describe, expect, it } from 'vitest';
import type { SnapshotMessage } from '../src/message.ts';
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
