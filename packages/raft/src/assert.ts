/**
 * Crashes on a broken invariant. Inside the core a failed assertion means the state is already
 * wrong, so the only safe move is to stop (etcd panics in the same places). Expected conditions
 * are never asserted: they are returned as values.
 */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Thrown by `assert`: an invariant of the core does not hold. Never expected, never caught. */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}
