import type { OperationResult } from '@urql/core';
import { toast } from '../../components/ui/toast.tsx';
import { errorText } from '../../lib/client/errors.ts';

/**
 * The data of a finished mutation, or null after telling the person what failed (an error
 * toast that starts with `failure`, e.g. "Could not add the label").
 */
export function mutationData<Data>(result: OperationResult<Data>, failure: string): Data | null {
  if (result.error || !result.data) {
    toast(`${failure}: ${errorText(result.error) ?? 'the server did not answer'}`, 'error');
    return null;
  }
  return result.data;
}
