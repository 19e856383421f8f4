/**
 * A seeded pseudo-random generator. The core never uses an unseeded global source: the driver
 * passes one of these in the config, so a seed replays a whole cluster exactly.
 */

/** A source of uniform floats in [0, 1). Contract: deterministic for a given construction. */
export type Random = () => number;

/**
 * xoshiro128** seeded through splitmix32: small, fast, and good enough for timeouts and fault
 * schedules. Two generators built from the same seed produce the same sequence.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const result = Math.imul(rotateLeft(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotateLeft(d, 11);
    return result / 4294967296;
  };
}

function rotateLeft(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A uniform integer in [low, high). Contract: `low < high`, both integers. */
export function randomInt(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low));
}
