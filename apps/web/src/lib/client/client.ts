import { Client, fetchExchange } from '@urql/core';
import { retryExchange } from '@urql/exchange-retry';
import { boardCacheExchange } from './cache.ts';
import { streamExchange } from './stream-exchange.ts';

/** The board's one GraphQL endpoint (same origin; the web server forwards to a node). */
export const graphqlPath = '/api/graphql';

/** Bound on retries of one operation while the cluster elects a leader or a node restarts. */
const retryAttemptsMax = 12;

/** True for failures a retry can mend: the network, or a cluster between leaders. */
export function isRetryable(error: {
  networkError?: Error | undefined;
  graphQLErrors: { extensions?: Record<string, unknown> }[];
}): boolean {
  if (error.networkError) return true;
  return error.graphQLErrors.some(
    (graphQLError) => graphQLError.extensions?.code === 'UNAVAILABLE',
  );
}

/**
 * The board's urql client: Graphcache, retries that resend the same operation (so the same
 * `requestId`: a mutation retried after failover applies once), HTTP for queries and mutations,
 * and resumable SSE streams for subscriptions. `url` and `fetch` are for tests that talk to a
 * node in-process.
 */
export function createBoardClient(options: { url?: string; fetch?: typeof fetch } = {}): Client {
  const url = options.url ?? graphqlPath;
  return new Client({
    url,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    fetchOptions: { credentials: 'same-origin' },
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      boardCacheExchange(),
      retryExchange({
        initialDelayMs: 200,
        maxDelayMs: 2_000,
        randomDelay: true,
        maxNumberAttempts: retryAttemptsMax,
        retryIf: isRetryable,
      }),
      fetchExchange,
      streamExchange({ url, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    ],
  });
}
