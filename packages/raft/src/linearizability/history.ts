/**
 * Client histories for the linearizability checker: each operation's input, its output, and
 * when it was called and returned. An operation that never returned (the client gave up or
 * crashed) is pending: `output` is undefined and `returnedAt` is Infinity, because it may or may
 * not have taken effect, at any point after its call.
 */

/** One client operation. Times are any monotonic clock (the simulator's milliseconds). */
export interface Operation<Input, Output> {
  clientId: number;
  input: Input;
  /** Undefined while pending. */
  output: Output | undefined;
  calledAt: number;
  /** Infinity while pending. */
  returnedAt: number;
}

/**
 * A sequential specification (Porcupine's model). `step` answers whether `input` producing
 * `output` is legal in `state`, and the state after it; an `undefined` output (pending operation)
 * accepts whatever the operation would have returned.
 */
export interface Model<State, Input, Output> {
  initial(): State;
  step(state: State, input: Input, output: Output | undefined): StepResult<State>;
  /** A string that is equal for equal states: the memo key. */
  hash(state: State): string;
  /** Independent sub-histories (e.g. per key); checked separately. */
  partition(operations: Operation<Input, Output>[]): Operation<Input, Output>[][];
}

/** A key-value register operation: put, get, compare-and-set. */
export type KvInput =
  | { kind: 'put'; key: string; value: string }
  | { kind: 'get'; key: string }
  | { kind: 'cas'; key: string; expected: string | null; value: string };

/** put returns 'ok'; get returns the value (null when unset); cas returns whether it swapped. */
export type KvOutput = 'ok' | string | null | boolean;

/** Whether a step was legal, and the state after it. */
export type StepResult<State> = { legal: true; state: State } | { legal: false };

const illegal = { legal: false } as const;

/** One register per key; keys are independent, so the history partitions by key. */
export const kvModel: Model<string | null, KvInput, KvOutput> = {
  initial: () => null,
  step(state, input, output) {
    switch (input.kind) {
      case 'put':
        return output === undefined || output === 'ok'
          ? { legal: true, state: input.value }
          : illegal;
      case 'get':
        return output === undefined || output === state ? { legal: true, state } : illegal;
      case 'cas': {
        const swapped = state === input.expected;
        if (output !== undefined && output !== swapped) return illegal;
        return { legal: true, state: swapped ? input.value : state };
      }
    }
  },
  hash: (state) => (state === null ? '\u0000' : `=${state}`),
  partition(operations) {
    const byKey = new Map<string, Operation<KvInput, KvOutput>[]>();
    for (const op of operations) {
      const list = byKey.get(op.input.key) ?? [];
      list.push(op);
      byKey.set(op.input.key, list);
    }
    return [...byKey.values()];
  },
};
