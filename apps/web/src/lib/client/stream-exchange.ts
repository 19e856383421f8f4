import { subscriptionExchange } from '@urql/core';
import { trackStream } from '../live/connection-state.ts';
import { openResumableStream, type StreamResult } from '../live/resumable-stream.ts';

/** The index a subscription result reached: `index` of its one root field, when it has one. */
export function resultIndex(result: StreamResult): number | null {
  const root = result.data ? Object.values(result.data)[0] : null;
  if (root && typeof root === 'object' && 'index' in root) {
    const index = (root as { index: unknown }).index;
    return typeof index === 'number' ? index : null;
  }
  return null;
}

/** The place of a result within its log entry: `event.ordinal` of its root field, if any. */
export function resultOrdinal(result: StreamResult): number | null {
  const root = result.data ? Object.values(result.data)[0] : null;
  const event = root && typeof root === 'object' && 'event' in root ? root.event : null;
  if (event && typeof event === 'object' && 'ordinal' in event) {
    return typeof event.ordinal === 'number' ? event.ordinal : null;
  }
  return null;
}

/**
 * urql's subscription exchange over resumable SSE streams: each subscription reconnects on its
 * own after a node dies, with `after` set to the last index it delivered.
 */
export function streamExchange(options: { url: string; fetch?: typeof fetch }) {
  return subscriptionExchange({
    forwardSubscription(request) {
      return {
        subscribe(sink) {
          const tracker = trackStream();
          const variables = (request.variables ?? {}) as Record<string, unknown>;
          const stream = openResumableStream({
            url: options.url,
            query: request.query ?? '',
            variables,
            operationName: request.operationName,
            cursorVariable:
              'after' in variables || /\$after\b/.test(request.query ?? '') ? 'after' : null,
            indexOf: resultIndex,
            ordinalOf: resultOrdinal,
            onResult: (result) => sink.next(result as never),
            onEnd: (error) => (error ? sink.error(error) : sink.complete()),
            onState: (state) => tracker.report(state),
            ...(options.fetch ? { fetch: options.fetch } : {}),
          });
          return { unsubscribe: () => stream.close() };
        },
      };
    },
  });
}
