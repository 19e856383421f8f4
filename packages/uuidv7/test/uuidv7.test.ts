// Goal: a UUIDv7 made at an instant reads back that instant, has the RFC 9562 version and
// variant, and anything that is not a UUIDv7 reads back as null.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUuidv7, uuidv7, uuidv7Ms, uuidv7MsMax } from '../src/uuidv7.ts';

describe('uuidv7', () => {
  it('reads back the millisecond it was made at, for every instant the field holds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: uuidv7MsMax }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (ms, random) => {
          const id = uuidv7(ms, random);
          expect(isUuidv7(id)).toBe(true);
          expect(uuidv7Ms(id)).toBe(ms);
        },
      ),
    );
  });

  it('writes the version and variant bits over the random ones (RFC 9562 section 5.7)', () => {
    const id = uuidv7(Date.UTC(2026, 0, 1), new Uint8Array(16).fill(0xff));
    expect(id).toBe('019b76da-a800-7fff-bfff-ffffffffffff');
  });

  it('sorts by the time it was made', () => {
    const earlier = uuidv7(1_000, new Uint8Array(16).fill(0xff));
    const later = uuidv7(1_001, new Uint8Array(16));
    expect(earlier < later).toBe(true);
  });

  it('is fresh on every call by default', () => {
    expect(uuidv7()).not.toBe(uuidv7());
  });

  it('reads anything but a UUIDv7 as null', () => {
    for (const id of [
      'r1',
      'web-0c1ac3a4-2f6b-4c3e-9d8e-0a1b2c3d4e5f',
      '0c1ac3a4-2f6b-4c3e-9d8e-0a1b2c3d4e5f', // version 4
      '019b76da-a800-7fff-cfff-ffffffffffff', // variant 110
      '019b76daa8007fffbfffffffffffffff',
      ' 019b76da-a800-7fff-bfff-ffffffffffff',
    ]) {
      expect(uuidv7Ms(id)).toBeNull();
    }
  });

  it('refuses an instant the 48-bit field cannot hold', () => {
    expect(() => uuidv7(-1)).toThrow(RangeError);
    expect(() => uuidv7(uuidv7MsMax + 1)).toThrow(RangeError);
    expect(() => uuidv7(1.5)).toThrow(RangeError);
  });
});
