import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../src/logger.ts';
import { type GcFunction, MemoryReducer } from '../src/memory-reducer.ts';

// V8's own gc, as `--expose-gc` gives it to a node: a context made after the flag is set has it.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as GcFunction;

const mebibyte = 1024 * 1024;
const rss = () => process.memoryUsage.rss();

/** Real garbage on V8's heap: about `mib` MiB of small objects, built and dropped. */
function burst(mib: number): number {
  let kept: { n: number; s: string }[][] = [];
  for (let i = 0; i < mib; i++) {
    kept.push(Array.from({ length: 10_000 }, (_, n) => ({ n, s: `row ${i}:${n}` })));
  }
  const count = kept.length;
  kept = [];
  return count;
}

/** A reducer on a clock the test moves, with the real gc counted and the log kept. */
function reducerUnderTest() {
  const clock = { now: 0, applied: 100, gcRuns: 0, leading: false };
  const logged: Record<string, unknown>[] = [];
  const logger: Logger = {
    info: (event, fields) => logged.push({ event, ...fields }),
    warn: () => {},
    error: () => {},
  };
  const reducer = new MemoryReducer({
    gc: (options) => {
      clock.gcRuns += 1;
      gc(options);
    },
    applied: () => clock.applied,
    busy: () => clock.leading,
    rss,
    logger,
    quietMs: 10_000,
    growthBytes: 32 * mebibyte,
    jitterMs: 5_000,
    random: () => 0.5,
    now: () => clock.now,
  });
  return { reducer, clock, logged };
}

describe('MemoryReducer', () => {
  it('gives a burst back once nothing has been applied for the quiet time, and once only', () => {
    const { reducer, clock, logged } = reducerUnderTest();
    expect(burst(150)).toBe(150);
    const grown = rss();

    clock.applied = 101;
    clock.now = 1_000;
    expect(reducer.check()).toBe('busy');
    // Quiet for 10 s and its 2.5 s of jitter.
    clock.now = 13_499;
    expect(reducer.check()).toBe('busy');
    expect(clock.gcRuns).toBe(0);

    clock.now = 13_500;
    expect(reducer.check()).toBe('reduced');
    expect(clock.gcRuns).toBe(1);
    expect(rss()).toBeLessThan(grown - 32 * mebibyte);
    expect(logged).toEqual([
      expect.objectContaining({ event: 'node.memory-reduced', releasedMib: expect.any(Number) }),
    ]);
    expect(logged[0]?.releasedMib).toBeGreaterThanOrEqual(32);

    // Quiet and not grown again: no second full GC.
    clock.now = 60_000;
    expect(reducer.check()).toBe('small');
    expect(clock.gcRuns).toBe(1);
  });

  it('never pauses a leader: leading counts as busy, and the quiet time starts when it ends', () => {
    const { reducer, clock } = reducerUnderTest();
    burst(100);
    clock.leading = true;
    for (const now of [20_000, 40_000, 60_000]) {
      clock.now = now;
      expect(reducer.check()).toBe('busy');
    }
    clock.leading = false;
    clock.now = 70_000;
    expect(reducer.check()).toBe('busy');
    clock.now = 72_500;
    expect(reducer.check()).toBe('reduced');
    expect(clock.gcRuns).toBe(1);
  });

  it('never runs while entries are being applied, however much the node has grown', () => {
    const { reducer, clock } = reducerUnderTest();
    burst(100);
    for (let step = 1; step <= 5; step++) {
      clock.now = step * 20_000;
      clock.applied += 1;
      expect(reducer.check()).toBe('busy');
    }
    expect(clock.gcRuns).toBe(0);
  });
});
