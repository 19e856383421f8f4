'use client';
import type { CombinedError } from '@urql/core';
import { useCallback, useRef } from 'react';
import { toast } from '../../../components/ui/toast.tsx';
import { errorText } from '../../../lib/client/errors.ts';
import { newRequestId } from '../../../lib/request-id.ts';

/** Unsettled actions one component remembers (the oldest is forgotten first). */
const unsettledActionsMax = 32;

/**
 * Runs mutations exactly once per intent. An intent (the action and its values, e.g.
 * `['rename', id, name]`) keeps its `requestId` until it succeeds, so pressing the button again
 * after a failure cannot apply it twice; a different intent (other values) gets a fresh id, so
 * it is not mistaken for the first. A failure is shown as an error toast, `failure` first.
 * Resolves to the result's data on success, null on failure.
 */
export function useExactlyOnce() {
  const unsettled = useRef(new Map<string, string>());
  return useCallback(
    async <Data>(
      intent: readonly unknown[],
      failure: string,
      send: (
        requestId: string,
      ) => Promise<{ data?: Data | undefined; error?: CombinedError | undefined }>,
    ): Promise<Data | null> => {
      const key = JSON.stringify(intent);
      let requestId = unsettled.current.get(key);
      if (requestId === undefined) {
        requestId = newRequestId();
        unsettled.current.set(key, requestId);
        for (const oldest of unsettled.current.keys()) {
          if (unsettled.current.size <= unsettledActionsMax) break;
          unsettled.current.delete(oldest);
        }
      }
      const result = await send(requestId);
      if (result.error || result.data === undefined) {
        toast(`${failure}: ${errorText(result.error) ?? 'no answer from the cluster'}`, 'error');
        return null;
      }
      unsettled.current.delete(key);
      return result.data;
    },
    [],
  );
}
