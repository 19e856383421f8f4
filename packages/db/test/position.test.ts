// Goal: a column takes as many appends as a real board ever needs, with keys that sort in the
// order they were made and always leave room to insert between two of them.
// Regression: appends used to grow the key one character every 18 tasks, so a column stopped
// accepting new tasks near 1,150 (found by the chaos campaign).
import { describe, expect, it } from 'vitest';
import {
  positionAfter,
  positionBetween,
  positionLengthMax,
  positionsAfter,
} from '../src/position.ts';

describe('positionAfter', () => {
  it('takes 100,000 appends in order, short, never ending in 0', () => {
    let previous: string | null = null;
    let longest = 0;
    for (let i = 0; i < 100_000; i++) {
      const key = positionAfter(previous);
      if (previous !== null) expect(key > previous).toBe(true);
      expect(key.endsWith('0')).toBe(false);
      longest = Math.max(longest, key.length);
      previous = key;
    }
    expect(longest).toBeLessThanOrEqual(9);
  });

  it('counts densely: steps the last digit, carries past z, grows only from all z', () => {
    expect(positionAfter(null)).toBe('i');
    expect(positionAfter('i')).toBe('j');
    expect(positionAfter('z')).toBe('z0001');
    expect(positionAfter('z000z')).toBe('z0011');
    expect(positionAfter('z0zzz')).toBe('z1001');
    expect(positionAfter('zzzzz')).toBe('zzzzz0001');
  });

  it('leaves room for an insert between any two appended keys', () => {
    const keys = positionsAfter('z00zz', 50);
    for (let i = 1; i < keys.length; i++) {
      const between = positionBetween(keys[i - 1] ?? null, keys[i] ?? null);
      expect(between > (keys[i - 1] ?? '')).toBe(true);
      expect(between < (keys[i] ?? '')).toBe(true);
    }
  });

  it('refuses to pass the length cap instead of writing a key the command rejects', () => {
    expect(() => positionAfter('z'.repeat(positionLengthMax))).toThrow(RangeError);
  });
});
