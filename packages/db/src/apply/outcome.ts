/**
 * Why apply refused a command. Every node refuses the same command at the same index with the
 * same code, because the decision reads only replicated state.
 * - NOT_FOUND: an entity the command names does not exist (or was deleted).
 * - FORBIDDEN: the actor's role, at apply time, does not allow it.
 * - CONFLICT: a compare-and-set failed (stale `expectedVersion`, duplicate delivery report).
 * - ALREADY_EXISTS: a unique name, email or id is taken.
 * - INVALID: the command is well-formed but breaks a domain rule (cycle, wrong project).
 * - INVALID_COMMAND: the entry's data is not a command this version understands.
 * - TOO_LARGE: content over its size cap.
 * - REQUEST_ID_OUT_OF_WINDOW: the request id was made too long before the command's time (its
 *   first outcome may be forgotten) or too far after it (`requestIdRefusal`). Not recorded.
 */
export type RejectionCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'ALREADY_EXISTS'
  | 'INVALID'
  | 'INVALID_COMMAND'
  | 'TOO_LARGE'
  | 'REQUEST_ID_OUT_OF_WINDOW';

/** What a command produced, JSON-serialisable (ids, new versions, counts). */
export type CommandResult = Record<string, unknown>;

/**
 * The outcome of one command, stored in `processed_requests` and answered to the caller.
 * `index` is the log index that first carried the request, also for a replayed request id.
 */
export type CommandOutcome =
  | { ok: true; index: number; result: CommandResult }
  | { ok: false; index: number; code: RejectionCode; message: string };

/**
 * A deterministic refusal, thrown by handlers: apply rolls the entry back to its savepoint and
 * records the outcome instead of stopping.
 */
export class Rejection extends Error {
  override readonly name = 'Rejection';
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}

/** Throws a `Rejection`; for use as `?? reject(...)` and in guards. */
export function reject(code: RejectionCode, message: string): never {
  throw new Rejection(code, message);
}

const duplicateEntryErrno = 1062;
const missingReferenceErrno = 1452;

function errnoOf(error: unknown): number | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const errno = (cause as { errno?: unknown }).errno;
    if (typeof errno === 'number') return errno;
  }
  return undefined;
}

/**
 * The rejection an error stands for, or null when it is not one (a bug or a failing server,
 * which must stop the apply loop). Duplicate keys and missing foreign rows are deterministic
 * outcomes of replicated state, so they count as rejections.
 */
export function rejectionOf(error: unknown): Rejection | null {
  if (error instanceof Rejection) return error;
  const errno = errnoOf(error);
  if (errno === duplicateEntryErrno) return new Rejection('ALREADY_EXISTS', 'duplicate key');
  if (errno === missingReferenceErrno) {
    return new Rejection('NOT_FOUND', 'a referenced row does not exist');
  }
  return null;
}
