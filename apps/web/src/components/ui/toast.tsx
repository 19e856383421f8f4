'use client';
import { useSyncExternalStore } from 'react';

/** One message at the corner of the screen. */
export interface Toast {
  id: number;
  tone: 'info' | 'error';
  text: string;
}

/** How long a toast stays, and how many are shown at once. */
const toastLifetimeMs = 6_000;
const toastsShownMax = 4;

let toasts: Toast[] = [];
let nextToastId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

/** Shows a message; errors are announced assertively to screen readers. */
export function toast(text: string, tone: Toast['tone'] = 'info'): void {
  const id = nextToastId++;
  toasts = [...toasts, { id, tone, text }].slice(-toastsShownMax);
  emit();
  setTimeout(() => {
    toasts = toasts.filter((item) => item.id !== id);
    emit();
  }, toastLifetimeMs);
}

/** The live region that shows toasts; rendered once in the app shell. */
export function Toaster() {
  const items = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
    () => toasts,
  );
  return (
    <div className="pointer-events-none fixed bottom-4 right-4 z-[60] flex w-80 flex-col gap-2">
      {/* break-words: a long word in a server's message (an env var, a URL) wraps. */}
      <div role="status" aria-live="polite" className="flex flex-col gap-2 break-words">
        {items
          .filter((item) => item.tone === 'info')
          .map((item) => (
            <p key={item.id} className="rounded-md border border-line bg-surface px-3 py-2 shadow">
              {item.text}
            </p>
          ))}
      </div>
      <div role="alert" className="flex flex-col gap-2 break-words">
        {items
          .filter((item) => item.tone === 'error')
          .map((item) => (
            <p
              key={item.id}
              className="rounded-md border border-danger/40 bg-surface px-3 py-2 text-danger shadow"
            >
              {item.text}
            </p>
          ))}
      </div>
    </div>
  );
}
