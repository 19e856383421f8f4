import { isUuidv7 } from '@raftboard/uuidv7';
import { z } from 'zod';
import { requestIdExpected } from '../apply/processed-requests.ts';

/** Proposer-decided ids: 1-36 characters of [0-9A-Za-z_-] (UUIDs and ULIDs fit). */
export const entityId = z
  .string()
  .regex(/^[0-9A-Za-z_-]{1,36}$/, 'an id is 1 to 36 characters of [0-9A-Za-z_-]');

/** The actor of commands the leader proposes on its own (reminders, outbox, cluster). */
export const systemActor = 'system';

/** A fractional-index key: sorts the same bytewise and under utf8mb4_unicode_ci. */
export const position = z
  .string()
  .regex(/^[0-9a-z]{1,64}$/, 'a position is 1 to 64 characters of [0-9a-z]');

/** A calendar day, 'YYYY-MM-DD'. */
export const calendarDate = z.iso.date();

/** Milliseconds since the Unix epoch. */
export const instantMs = z.number().int().min(0).max(8_640_000_000_000_000);

/** A hash of a secret token, computed by the proposer (apply never sees the token). */
export const tokenHash = z.string().min(16).max(128);

/** A short human name (projects, statuses, labels). */
export const shortName = z.string().trim().min(1).max(64);

/** Longest markdown body (task description, comment) apply accepts. */
export const bodyLengthMax = 65_535;

/** Optional compare-and-set on a task's version. */
export const expectedVersion = z.number().int().min(1).optional();

/**
 * A request id: a UUIDv7, whose time apply reads to keep exactly-once within a window
 * (apply/processed-requests.ts).
 */
const requestIdField = z.string().refine(isUuidv7, requestIdExpected);

/**
 * Builds the schema of one command type: the envelope every command shares around `payload`.
 * `at` is the proposer's clock, the only time apply ever uses.
 */
export function commandSchema<Type extends string, Payload extends z.ZodType>(
  type: Type,
  payload: Payload,
) {
  return z.strictObject({
    type: z.literal(type),
    payload,
    actor: entityId,
    requestId: requestIdField,
    at: instantMs,
  });
}
