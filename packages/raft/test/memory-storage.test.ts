// Goal: MemoryStorage honours the Storage contract, including its typed expected errors.
import { describe, expect, it } from 'vitest';
import { MemoryStorage, SnapshotOutOfDateError } from '../src/memory-storage.ts';
import { CompactedError, UnavailableError } from '../src/storage.ts';
import type { Entry } from '../src/types.ts';

const e = (index: number, term: number, data = 'x'): Entry => ({
  index,
  term,
  type: 'normal',
  data,
});
const confState = { voters: ['a'], learners: [] };

describe('MemoryStorage', () => {
  it('starts empty with the bootstrap configuration', () => {
    const storage = new MemoryStorage({ confState });
    expect(storage.firstIndex()).toBe(1);
    expect(storage.lastIndex()).toBe(0);
    expect(storage.term(0)).toBe(0);
    expect(storage.initialState()).toEqual({
      hardState: { term: 0, vote: null, commit: 0 },
      confState,
    });
  });

  it('appends, truncates a conflicting suffix, and bounds reads by bytes', () => {
    const storage = new MemoryStorage({ confState });
    storage.append([e(1, 1, 'aaaa'), e(2, 1, 'bbbb'), e(3, 1, 'cccc')]);
    storage.append([e(2, 2, 'dddd')]);
    expect(storage.lastIndex()).toBe(2);
    expect(storage.term(2)).toBe(2);
    expect(storage.entries(1, 3, 5)).toEqual([e(1, 1, 'aaaa')]);
    expect(storage.entries(1, 3, 0)).toEqual([e(1, 1, 'aaaa')]);
    expect(storage.entries(1, 3, 100)).toHaveLength(2);
    expect(() => storage.entries(1, 5, 100)).toThrow(UnavailableError);
    expect(() => storage.term(9)).toThrow(UnavailableError);
  });

  it('snapshots and compacts; compacted reads throw CompactedError', () => {
    const storage = new MemoryStorage({ confState });
    storage.append([e(1, 1), e(2, 1), e(3, 2), e(4, 2)]);
    const snapshot = storage.createSnapshot(3, confState, 'state');
    expect(snapshot).toMatchObject({ metadata: { index: 3, term: 2 }, data: 'state' });
    expect(storage.compact(3)).toBeNull();
    expect(storage.firstIndex()).toBe(4);
    expect(storage.term(3)).toBe(2);
    expect(() => storage.term(2)).toThrow(CompactedError);
    expect(() => storage.entries(3, 5, 100)).toThrow(CompactedError);
    expect(storage.compact(2)).toBeInstanceOf(CompactedError);
    expect(storage.createSnapshot(2, confState, 'old')).toBeInstanceOf(SnapshotOutOfDateError);
  });

  it('installs a newer snapshot, replacing the whole log', () => {
    const storage = new MemoryStorage({ confState });
    storage.append([e(1, 1), e(2, 1)]);
    const snapshot = { metadata: { index: 10, term: 3, confState }, data: 's' };
    expect(storage.applySnapshot(snapshot)).toBeNull();
    expect(storage.firstIndex()).toBe(11);
    expect(storage.lastIndex()).toBe(10);
    expect(storage.applySnapshot(snapshot)).toBeInstanceOf(SnapshotOutOfDateError);
    storage.append([e(9, 3), e(11, 3)].slice(1));
    expect(storage.lastIndex()).toBe(11);
  });
});
