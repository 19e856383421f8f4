/** The alphabet of position keys, in byte (and collation) order. */
export const positionDigits = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Longest key `position` accepts (matches the command's 64). */
export const positionLengthMax = 64;

function midpoint(low: string, high: string | null): string {
  if (high !== null) {
    let shared = 0;
    while ((low[shared] ?? '0') === high[shared]) shared++;
    if (shared > 0) return high.slice(0, shared) + midpoint(low.slice(shared), high.slice(shared));
  }
  const digitLow = low ? positionDigits.indexOf(low[0] ?? '0') : 0;
  const digitHigh = high !== null ? positionDigits.indexOf(high[0] ?? '0') : positionDigits.length;
  if (digitHigh - digitLow > 1) return positionDigits[Math.round((digitLow + digitHigh) / 2)] ?? '';
  if (high !== null && high.length > 1) return high.slice(0, 1);
  return (positionDigits[digitLow] ?? '') + midpoint(low.slice(1), null);
}

/**
 * A fractional-index key strictly between `low` and `high` (null = open end), after the
 * rocicorp fractional-indexing midpoint. Invariant on inputs and output: keys use
 * `positionDigits` and never end in '0', so there is always room between two keys.
 * Throws RangeError when `low >= high` or the key would pass `positionLengthMax`.
 */
export function positionBetween(low: string | null, high: string | null): string {
  const a = low ?? '';
  if (high !== null && a >= high) throw new RangeError(`${a} is not below ${high}`);
  const key = midpoint(a, high);
  if (key.length > positionLengthMax) {
    throw new RangeError('position key would be too long; reorder the column');
  }
  return key;
}

/** Digits added when a key has no room left to count up in (all 'z'): 36^4 more appends. */
const positionExtensionDigits = 4;

/**
 * A key after `low` for appending at the end of a list. It counts up densely, like a base-36
 * counter whose keys never end in '0': the rightmost digit below 'z' steps up by one and the
 * digits after it restart at '0…01', so the length stays the same; only a key that is all 'z'
 * grows, by four digits at once. A column takes millions of appends before a key reaches
 * `positionLengthMax` (the earlier one-digit-per-18-appends scheme ran out near 1,150).
 */
export function positionAfter(low: string | null): string {
  if (low === null || low === '') return 'i';
  let digit = low.length - 1;
  while (digit >= 0 && low[digit] === 'z') digit--;
  let key: string;
  if (digit < 0) {
    key = `${low}${'0'.repeat(positionExtensionDigits - 1)}1`;
  } else {
    const next = positionDigits[positionDigits.indexOf(low[digit] ?? '0') + 1] ?? 'z';
    const tail = low.length - digit - 1;
    key = low.slice(0, digit) + next + (tail > 0 ? `${'0'.repeat(tail - 1)}1` : '');
  }
  if (key.length > positionLengthMax) {
    throw new RangeError('position key would be too long; reorder the column');
  }
  return key;
}

/** `count` keys in increasing order after `low` (for reordering a whole list). */
export function positionsAfter(low: string | null, count: number): string[] {
  const keys: string[] = [];
  let previous = low;
  for (let i = 0; i < count; i++) {
    previous = positionAfter(previous);
    keys.push(previous);
  }
  return keys;
}
