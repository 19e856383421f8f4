import type { OptimisticMutationResolver } from '@urql/exchange-graphcache';
import { BoardTaskFields } from './documents.ts';

const digits = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Bound on an optimistic key's length; the server's key replaces it within a round trip. */
const optimisticKeyLengthMax = 70;

/**
 * A sort key strictly between `low` and `high` (null: open end) in the API's position alphabet,
 * used only to show a dropped card in its new place before the server answers. The server
 * decides the real key; this one never leaves the browser.
 */
export function keyBetween(low: string | null, high: string | null): string {
  const a = low ?? '';
  let key = '';
  let bounded = high !== null;
  for (let i = 0; i < optimisticKeyLengthMax; i++) {
    const lowDigit = i < a.length ? digits.indexOf(a[i] ?? '0') : 0;
    const highDigit = bounded ? digits.indexOf(high?.[i] ?? '0') : digits.length;
    if (highDigit - lowDigit > 1) return key + digits[Math.floor((lowDigit + highDigit) / 2)];
    key += digits[lowDigit];
    if (highDigit > lowDigit) bounded = false;
  }
  return key;
}

interface MoveArgs {
  input: {
    id: string;
    statusId: string;
    afterTaskId?: string | null;
    beforeTaskId?: string | null;
  };
}

/**
 * What `moveTask` will most likely answer: the card in its new column, between its new
 * neighbours. Graphcache shows it at once and drops it when the real answer comes; if the
 * server refuses the move, the card goes back and the board says why.
 */
export const optimisticMoveTask: OptimisticMutationResolver = (args, cache) => {
  const { input } = args as unknown as MoveArgs;
  const task = cache.readFragment(BoardTaskFields, { __typename: 'Task', id: input.id });
  const positionOf = (id: string | null | undefined) =>
    id ? (cache.resolve({ __typename: 'Task', id }, 'position') as string | null) : null;
  const position = keyBetween(positionOf(input.afterTaskId), positionOf(input.beforeTaskId));
  return {
    __typename: 'TaskPayload',
    index: 0,
    task: task
      ? {
          ...task,
          __typename: 'Task',
          position,
          status: { __typename: 'Status', id: input.statusId },
        }
      : null,
  };
};
