import type { Model, Operation } from './history.ts';

/** The verdict on a history. `unknown` means the search hit `stepsMax` (never a pass). */
export type LinearizabilityResult<Input, Output> =
  | { verdict: 'ok' }
  | { verdict: 'violation'; partition: Operation<Input, Output>[] }
  | { verdict: 'unknown'; partition: Operation<Input, Output>[] };

/** Options: `stepsMax` bounds the search per partition (it is exponential in the worst case). */
export interface CheckOptions {
  stepsMax?: number;
}

interface ListEntry {
  operation: number;
  isCall: boolean;
  time: number;
  /** For a call: its return entry. */
  match: ListEntry | null;
  previous: ListEntry | null;
  next: ListEntry | null;
}

/**
 * Decides whether a concurrent history is linearizable against `model` (Wing & Gong's search
 * with Lowe's memoization, as in Porcupine): repeatedly linearize a minimal call whose step is
 * legal, backtrack when a return is reached first, and skip (linearized-set, state) pairs already
 * explored. Partitions (e.g. keys) are checked independently. Pending operations return at
 * Infinity, so they may take effect anywhere after their call, or not at all.
 */
export function checkLinearizability<State, Input, Output>(
  model: Model<State, Input, Output>,
  history: Operation<Input, Output>[],
  options: CheckOptions = {},
): LinearizabilityResult<Input, Output> {
  const stepsMax = options.stepsMax ?? 2_000_000;
  let unknown: Operation<Input, Output>[] | null = null;
  for (const partition of model.partition(history)) {
    const verdict = checkPartition(model, partition, stepsMax);
    if (verdict === 'violation') return { verdict, partition };
    if (verdict === 'unknown') unknown = partition;
  }
  return unknown === null ? { verdict: 'ok' } : { verdict: 'unknown', partition: unknown };
}

function buildList<Input, Output>(operations: Operation<Input, Output>[]): ListEntry {
  const entries: ListEntry[] = [];
  operations.forEach((op, i) => {
    const ret: ListEntry = {
      ...{ operation: i, isCall: false, time: op.returnedAt, match: null },
      ...{ previous: null, next: null },
    };
    const call: ListEntry = {
      ...{ operation: i, isCall: true, time: op.calledAt, match: ret },
      ...{ previous: null, next: null },
    };
    entries.push(call, ret);
  });
  // Calls sort before returns at the same instant: such operations count as concurrent.
  entries.sort((a, b) => a.time - b.time || Number(b.isCall) - Number(a.isCall));
  const head: ListEntry = {
    ...{ operation: -1, isCall: false, time: Number.NEGATIVE_INFINITY, match: null },
    ...{ previous: null, next: null },
  };
  let last = head;
  for (const entry of entries) {
    last.next = entry;
    entry.previous = last;
    last = entry;
  }
  return head;
}

function lift(call: ListEntry): void {
  unlink(call);
  if (call.match !== null) unlink(call.match);
}

function unlink(entry: ListEntry): void {
  if (entry.previous !== null) entry.previous.next = entry.next;
  if (entry.next !== null) entry.next.previous = entry.previous;
}

function unlift(call: ListEntry): void {
  const ret = call.match;
  if (ret !== null) relink(ret);
  relink(call);
}

function relink(entry: ListEntry): void {
  if (entry.previous !== null) entry.previous.next = entry;
  if (entry.next !== null) entry.next.previous = entry;
}

function checkPartition<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: Operation<Input, Output>[],
  stepsMax: number,
): 'ok' | 'violation' | 'unknown' {
  const head = buildList(operations);
  const linearized = new Uint32Array(Math.ceil(operations.length / 32) + 1);
  const cache = new Set<string>();
  const stack: { call: ListEntry; state: State }[] = [];
  let state = model.initial();
  let entry = head.next;
  for (let steps = 0; head.next !== null; steps++) {
    if (steps > stepsMax) return 'unknown';
    if (entry === null) return 'violation';
    const op = operations[entry.operation] as Operation<Input, Output>;
    if (entry.isCall) {
      const result = model.step(state, op.input, op.output);
      if (result.legal) {
        toggle(linearized, entry.operation);
        const key = `${linearized.join(',')}|${model.hash(result.state)}`;
        if (!cache.has(key)) {
          cache.add(key);
          stack.push({ call: entry, state });
          state = result.state;
          lift(entry);
          entry = head.next;
          continue;
        }
        toggle(linearized, entry.operation);
      }
      entry = entry.next;
    } else {
      // A return came before its call could be linearized: undo the last choice.
      const top = stack.pop();
      if (top === undefined) return 'violation';
      state = top.state;
      toggle(linearized, top.call.operation);
      unlift(top.call);
      entry = top.call.next;
    }
  }
  return 'ok';
}

function toggle(bits: Uint32Array, index: number): void {
  const word = index >>> 5;
  bits[word] = (bits[word] ?? 0) ^ (1 << (index & 31));
}
