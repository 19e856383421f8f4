import { GraphQLError } from 'graphql';

/** Every expected failure the API reports, as `extensions.code`. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

/** An expected failure: a GraphQLError Yoga passes through unmasked, with its code. */
export function apiError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** NOT_FOUND: also what a caller sees for things that exist but are not theirs. */
export function notFound(message: string): GraphQLError {
  return apiError('NOT_FOUND', message);
}

/** BAD_USER_INPUT with a message naming the field and the rule. */
export function invalidInput(message: string, extensions: Record<string, unknown> = {}) {
  return apiError('BAD_USER_INPUT', message, extensions);
}

/** FORBIDDEN: the caller is known but their role or token scope does not allow this. */
export function forbidden(message: string): GraphQLError {
  return apiError('FORBIDDEN', message);
}

/** UNAUTHENTICATED: no valid session or token came with the request. */
export function unauthenticated(message = 'sign in first'): GraphQLError {
  return apiError('UNAUTHENTICATED', message);
}
