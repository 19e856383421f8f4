'use client';
import type { CombinedError } from '@urql/core';
import { useCallback, useMemo, useRef } from 'react';
import { newRequestId } from '../request-id.ts';
import { mutationData } from './errors.ts';

/** Unsettled actions one component remembers (the oldest is forgotten first). */
const unsettledActionsMax = 32;

/** Request ids per action: `idFor(key)` stays the same until `done(key)`. */
export interface RequestIds {
  idFor(key: string): string;
  done(key: string): void;
}

/**
 * Request ids per action, for a screen with many mutations: `idFor(key)` is the same id until
 * `done(key)`, so pressing the button again after a failure retries the same action exactly
 * once, while a different action (another key, e.g. `assign:<userId>`) never reuses it.
 */
export function useRequestIds(): RequestIds {
  const unsettled = useRef(new Map<string, string>());
  return useMemo(
    () => ({
      idFor(key) {
        const existing = unsettled.current.get(key);
        if (existing !== undefined) return existing;
        const id = newRequestId();
        unsettled.current.set(key, id);
        for (const oldest of unsettled.current.keys()) {
          if (unsettled.current.size <= unsettledActionsMax) break;
          unsettled.current.delete(oldest);
        }
        return id;
      },
      done(key) {
        unsettled.current.delete(key);
      },
    }),
    [],
  );
}

/**
 * Runs mutations exactly once per intent (the action and its values, e.g. `['rename', id,
 * name]`), on `useRequestIds`: the intent keeps its `requestId` until it succeeds. A failure is
 * shown as an error toast that starts with `failure`. Resolves to the data, or null on failure.
 */
export function useExactlyOnce() {
  const requestIds = useRequestIds();
  return useCallback(
    async <Data>(
      intent: readonly unknown[],
      failure: string,
      send: (
        requestId: string,
      ) => Promise<{ data?: Data | undefined; error?: CombinedError | undefined }>,
    ): Promise<Data | null> => {
      const key = JSON.stringify(intent);
      const data = mutationData(await send(requestIds.idFor(key)), failure);
      if (data !== null) requestIds.done(key);
      return data;
    },
    [requestIds],
  );
}
