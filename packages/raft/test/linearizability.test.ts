// Goal: the checker accepts exactly the linearizable register histories (it cannot pass vacuously).
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../src/linearizability/checker.ts';
import {
  type KvInput,
  type KvOutput,
  kvModel,
  type Operation,
} from '../src/linearizability/history.ts';
import { createRandom, randomInt } from '../src/random.ts';

type Op = Operation<KvInput, KvOutput>;

const put = (clientId: number, value: string, calledAt: number, returnedAt: number): Op => ({
  ...{ clientId, input: { kind: 'put', key: 'k', value }, output: 'ok' },
  ...{ calledAt, returnedAt },
});
const get = (
  clientId: number,
  output: string | null,
  calledAt: number,
  returnedAt: number,
): Op => ({
  ...{ clientId, input: { kind: 'get', key: 'k' }, output },
  ...{ calledAt, returnedAt },
});
const cas = (
  clientId: number,
  expected: string | null,
  value: string,
  output: boolean,
  times: [number, number],
): Op => ({
  ...{ clientId, input: { kind: 'cas', key: 'k', expected, value }, output },
  ...{ calledAt: times[0], returnedAt: times[1] },
});
const pending = (op: Op): Op => ({ ...op, output: undefined, returnedAt: Infinity });
const verdict = (history: Op[]) => checkLinearizability(kvModel, history).verdict;

describe('linearizability checker', () => {
  it('accepts a sequential history', () => {
    expect(
      verdict([put(0, 'a', 0, 1), get(1, 'a', 2, 3), put(0, 'b', 4, 5), get(1, 'b', 6, 7)]),
    ).toBe('ok');
  });

  it('accepts either value for a read concurrent with a write', () => {
    expect(verdict([put(0, 'a', 0, 1), put(0, 'b', 2, 10), get(1, 'a', 3, 4)])).toBe('ok');
    expect(verdict([put(0, 'a', 0, 1), put(0, 'b', 2, 10), get(1, 'b', 3, 4)])).toBe('ok');
  });

  it('rejects a stale read after a completed write', () => {
    expect(verdict([put(0, 'a', 0, 1), put(0, 'b', 2, 3), get(1, 'a', 4, 5)])).toBe('violation');
  });

  it('rejects a read of a value never written', () => {
    expect(verdict([put(0, 'a', 0, 1), get(1, 'zzz', 2, 3)])).toBe('violation');
  });

  it('rejects reads that go back in time across clients', () => {
    // b is written concurrently with both reads, but once one read sees b, a later read
    // cannot see the older a.
    expect(
      verdict([put(0, 'a', 0, 1), put(0, 'b', 2, 20), get(1, 'b', 3, 4), get(2, 'a', 5, 6)]),
    ).toBe('violation');
  });

  it('rejects two compare-and-sets that both succeed from the same value', () => {
    const history = [
      put(0, 'a', 0, 1),
      cas(1, 'a', 'x', true, [2, 5]),
      cas(2, 'a', 'y', true, [2, 5]),
    ];
    expect(verdict(history)).toBe('violation');
    const oneWins = [
      put(0, 'a', 0, 1),
      cas(1, 'a', 'x', true, [2, 5]),
      cas(2, 'a', 'y', false, [2, 5]),
    ];
    expect(verdict(oneWins)).toBe('ok');
  });

  it('lets a pending write take effect or not', () => {
    const write = pending(put(0, 'b', 2, 3));
    expect(verdict([put(0, 'a', 0, 1), write, get(1, 'a', 4, 5)])).toBe('ok');
    expect(verdict([put(0, 'a', 0, 1), write, get(1, 'b', 4, 5)])).toBe('ok');
    // But not before it was called.
    expect(verdict([put(0, 'a', 0, 1), get(1, 'b', 1.5, 1.8), write])).toBe('violation');
  });

  it('lets a pending compare-and-set explain a later read only if it could swap', () => {
    const attempt = pending(cas(0, 'a', 'c', false, [2, 3]));
    expect(verdict([put(1, 'a', 0, 1), attempt, get(1, 'c', 5, 6)])).toBe('ok');
    expect(verdict([put(1, 'q', 0, 1), attempt, get(1, 'c', 5, 6)])).toBe('violation');
  });

  it('partitions by key and finds the one bad key', () => {
    const other: Op = { ...put(3, 'z', 0, 1), input: { kind: 'put', key: 'other', value: 'z' } };
    const result = checkLinearizability(kvModel, [
      other,
      put(0, 'a', 0, 1),
      put(0, 'b', 2, 3),
      get(1, 'a', 4, 5),
    ]);
    expect(result.verdict).toBe('violation');
    if (result.verdict === 'violation') {
      expect(result.partition.every((op) => op.input.key === 'k')).toBe(true);
    }
  });

  it('reports unknown, never ok, when the search budget runs out', () => {
    const history = Array.from({ length: 12 }, (_, i) => put(i, `v${i}`, 0, 100));
    history.push(get(99, 'nope', 101, 102));
    expect(checkLinearizability(kvModel, history, { stepsMax: 10 }).verdict).toBe('unknown');
  });

  // Random histories generated from a real register with known linearization points are
  // always accepted; corrupting one read's output to an unwritten value is always caught.
  it('accepts generated linearizable histories and catches a corrupted read', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const history = generateHistory(seed);
      expect(verdict(history)).toBe('ok');
      const index = history.findIndex((op) => op.input.kind === 'get');
      if (index < 0) continue;
      const corrupted = history.map((op, i) => (i === index ? { ...op, output: 'never' } : op));
      expect(verdict(corrupted)).toBe('violation');
    }
  });
});

/** Concurrent clients on one register; each operation takes effect at a random instant. */
function generateHistory(seed: number): Op[] {
  const random = createRandom(seed);
  const history: Op[] = [];
  let value: string | null = null;
  let time = 0;
  for (let i = 0; i < 40; i++) {
    const calledAt = time + random() * 5;
    const effectAt = calledAt + random() * 5;
    const returnedAt = effectAt + random() * 5;
    time = effectAt;
    const roll = randomInt(random, 0, 3);
    const clientId = i;
    if (roll === 0) {
      value = `v${i}`;
      history.push(put(clientId, value, calledAt, returnedAt));
    } else if (roll === 1) {
      history.push(get(clientId, value, calledAt, returnedAt));
    } else {
      const expected = random() < 0.5 ? value : 'other';
      const swapped = expected === value;
      if (swapped) value = `c${i}`;
      history.push(cas(clientId, expected, `c${i}`, swapped, [calledAt, returnedAt]));
    }
  }
  return history;
}
