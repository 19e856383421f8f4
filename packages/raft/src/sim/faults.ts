import { type Random, randomInt } from '../random.ts';

/** One scheduled fault. `atMs` is when it starts; most heal after `durationMs`. */
export type Fault =
  | { kind: 'partition'; atMs: number; durationMs: number; minority: number[] }
  | { kind: 'oneWay'; atMs: number; durationMs: number; from: number; to: number[] }
  | { kind: 'isolateLeader'; atMs: number; durationMs: number }
  | { kind: 'crash'; atMs: number; durationMs: number; node: number }
  | { kind: 'slow'; atMs: number; durationMs: number; node: number; factor: number }
  | { kind: 'lossy'; atMs: number; durationMs: number; dropProbability: number }
  | { kind: 'membership'; atMs: number }
  | { kind: 'transfer'; atMs: number; target: number };

/** Bound on faults per seed. */
export const FAULTS_MAX = 14;

/**
 * Draws a fault schedule for a cluster of `universe` nodes within [0, faultWindowMs). Drawn from
 * its own generator, so removing faults while shrinking leaves the others unchanged.
 */
export function drawFaults(random: Random, universe: number, faultWindowMs: number): Fault[] {
  const count = randomInt(random, 2, FAULTS_MAX + 1);
  const faults: Fault[] = [];
  for (let i = 0; i < count; i++) {
    const atMs = randomInt(random, 0, faultWindowMs);
    const durationMs = randomInt(random, 50, 800);
    const node = randomInt(random, 0, universe);
    const roll = randomInt(random, 0, 9);
    faults.push(makeFault(random, roll, { atMs, durationMs, node, universe }));
  }
  return faults.sort((a, b) => a.atMs - b.atMs);
}

function makeFault(
  random: Random,
  roll: number,
  f: { atMs: number; durationMs: number; node: number; universe: number },
): Fault {
  const { atMs, durationMs, node, universe } = f;
  switch (roll) {
    case 0: {
      const size = randomInt(random, 1, Math.floor(universe / 2) + 1);
      const minority = shuffled(random, universe).slice(0, size);
      return { kind: 'partition', atMs, durationMs, minority };
    }
    case 1: {
      const to = shuffled(random, universe)
        .filter((n) => n !== node)
        .slice(0, 2);
      return { kind: 'oneWay', atMs, durationMs, from: node, to };
    }
    case 2:
      return { kind: 'isolateLeader', atMs, durationMs };
    case 3:
    case 4:
      return { kind: 'crash', atMs, durationMs, node };
    case 5:
      return { kind: 'slow', atMs, durationMs, node, factor: randomInt(random, 2, 5) };
    case 6:
      return { kind: 'lossy', atMs, durationMs, dropProbability: 0.2 + random() * 0.4 };
    case 7:
      return { kind: 'membership', atMs };
    default:
      return { kind: 'transfer', atMs, target: node };
  }
}

function shuffled(random: Random, n: number): number[] {
  const list = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(random, 0, i + 1);
    [list[i], list[j]] = [list[j] as number, list[i] as number];
  }
  return list;
}

/** One line per fault, for traces. */
export function describeFault(fault: Fault): string {
  const { kind, atMs, ...rest } = fault;
  return `@${atMs}ms ${kind} ${JSON.stringify(rest)}`;
}
