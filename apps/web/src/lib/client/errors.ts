import type { CombinedError } from '@urql/core';

/** The words a person reads for a failed operation: the API's message, without prefixes. */
export function errorText(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (first) return first.message;
  return error.networkError ? 'The board cannot reach the cluster; retrying…' : error.message;
}

/** The API's error code (`extensions.code`) of a failed operation, if any. */
export function errorCode(error: CombinedError | undefined | null): string | null {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}
