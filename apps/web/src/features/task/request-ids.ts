'use client';
import { useRef } from 'react';
import { newRequestId } from '../../lib/request-id.ts';

/**
 * Request ids per action, for a screen with many mutations: `idFor(key)` is the same id until
 * `done(key)`, so pressing the button again after a failure retries the same action exactly
 * once, while a different action (another key) never reuses it. Keys name the whole action,
 * e.g. `assign:<userId>` or `labels:<sorted ids>`.
 */
export function useRequestIds(): { idFor: (key: string) => string; done: (key: string) => void } {
  const ids = useRef(new Map<string, string>());
  return {
    idFor(key) {
      const existing = ids.current.get(key);
      if (existing) return existing;
      const id = newRequestId();
      ids.current.set(key, id);
      return id;
    },
    done(key) {
      ids.current.delete(key);
    },
  };
}
