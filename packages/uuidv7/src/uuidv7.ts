/** The 48-bit Unix millisecond field of a UUIDv7 holds instants up to this one (year 10889). */
export const uuidv7MsMax = 2 ** 48 - 1;

// Lowercase or uppercase hex in the 8-4-4-4-12 form, version nibble 7, variant bits 10.
const uuidv7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then the version, 74 random bits and the
 * variant, so ids sort by creation time and say when they were made. `random` (16 bytes, of
 * which the first 6 are overwritten) defaults to the global Web Crypto, present in Node and
 * in browsers; tests pass fixed bytes to get the same id every run.
 * Throws when `now` is not an instant the 48-bit field can hold.
 */
export function uuidv7(
  now: Date | number = Date.now(),
  random: Uint8Array = crypto.getRandomValues(new Uint8Array(16)),
): string {
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms > uuidv7MsMax) {
    throw new RangeError(`a UUIDv7 holds a Unix millisecond from 0 to ${uuidv7MsMax}: ${ms}`);
  }
  if (random.length !== 16) throw new RangeError('a UUIDv7 takes 16 random bytes');
  const bytes = Uint8Array.from(random);
  // Math, not bit operators: those truncate to 32 bits and the field is 48.
  for (let i = 5, rest = ms; i >= 0; i -= 1, rest = Math.floor(rest / 256)) bytes[i] = rest % 256;
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const text = hex(bytes);
  const groups = [text.slice(0, 8), text.slice(8, 12), text.slice(12, 16), text.slice(16, 20)];
  return `${groups.join('-')}-${text.slice(20)}`;
}

/** True when `id` is a UUIDv7 in its 36-character text form (either case). */
export function isUuidv7(id: string): boolean {
  return uuidv7Pattern.test(id);
}

/** The Unix millisecond a UUIDv7 was made at, or null when `id` is not a UUIDv7. */
export function uuidv7Ms(id: string): number | null {
  if (!isUuidv7(id)) return null;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
