// Goal: give in-process responses the one trait of a network response the live tests rely on:
// the body can break off mid-stream (an aborted fetch, a node that died).

/** A response body that passes `body` through until `cutOff` errors it. */
export interface BreakableBody {
  stream: ReadableStream<Uint8Array>;
  /** Errors the reader's side with `reason` and cancels `body`, ending the server's stream. */
  cutOff(reason: Error): void;
  /** Resolves when the body ended: read to its end, cancelled, or cut off. */
  ended: Promise<void>;
}

/**
 * Wraps `body` so it can be cut off, and cuts it off when `signal` aborts, as a browser's fetch
 * does (an in-process `yoga.fetch` leaves the body streaming after an abort).
 */
export function breakableBody(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal | null,
): BreakableBody {
  const reader = body.getReader();
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let cutOff: (reason: Error) => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      cutOff = (reason) => {
        controller.error(reason);
        finish();
        void reader.cancel(reason).catch(() => undefined);
      };
      if (signal?.aborted) cutOff(new Error('aborted'));
      signal?.addEventListener('abort', () => cutOff(new Error('aborted')), { once: true });
    },
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) {
          controller.close();
          finish();
        } else {
          controller.enqueue(value);
        }
      } catch {
        // Cut off already: the controller carries the error.
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return { stream, cutOff: (reason) => cutOff(reason), ended };
}
