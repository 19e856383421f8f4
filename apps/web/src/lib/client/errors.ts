import type { CombinedError } from '@urql/core';
import { toast } from '../../components/ui/toast.tsx';

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

/**
 * The data of a finished mutation, or null after telling the person what failed (an error
 * toast that starts with `failure`, e.g. "Could not add the label").
 */
export function mutationData<Data>(
  result: { data?: Data | undefined | null; error?: CombinedError | undefined },
  failure: string,
): Data | null {
  if (result.error || result.data === undefined || result.data === null) {
    toast(`${failure}: ${errorText(result.error) ?? 'the cluster did not answer'}`, 'error');
    return null;
  }
  return result.data;
}
