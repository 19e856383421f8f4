import { readSse } from './sse.ts';

/** One GraphQL result as a subscription delivers it. */
export interface StreamResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** What a live stream is doing, for the connection indicator. */
export type StreamState =
  | { kind: 'connecting' }
  | { kind: 'live'; nodeId: string | null }
  | { kind: 'reconnecting'; attempt: number; reason: string }
  | { kind: 'closed' };

export interface ResumableStreamOptions {
  /** Where subscriptions are POSTed with `Accept: text/event-stream`. */
  url: string;
  query: string;
  variables: Record<string, unknown>;
  operationName?: string | undefined;
  /**
   * The variable that carries the resume cursor (`after`), or null for a stream that needs
   * none (`clusterChanged`). On every reconnect it is set to the last index delivered.
   */
  cursorVariable: string | null;
  /** The index a result reached (`data.<field>.index`), or null when it has none. */
  indexOf: (result: StreamResult) => number | null;
  /**
   * The result's place within its log entry (`event.ordinal`), for feeds where one entry can
   * carry several results. With it, a reconnect resumes from the entry before the cursor and
   * skips what was delivered, so the rest of an entry cut off mid-way still arrives.
   */
  ordinalOf?: (result: StreamResult) => number | null;
  onResult: (result: StreamResult) => void;
  /** The stream ended for good (completed, or a final error such as FORBIDDEN). */
  onEnd: (error: Error | null) => void;
  onState?: (state: StreamState) => void;
  fetch?: typeof fetch;
  /** Extra headers (tests talk to a node directly with a bearer token). */
  headers?: Record<string, string>;
}

/** Backoff between reconnects: doubles from the first to the last, plus up to 50% jitter. */
const reconnectDelayMsFirst = 250;
const reconnectDelayMsMax = 4_000;
/** A connection that carries nothing, not even a keep-alive ping, this long is dead. */
const silenceMsMax = 30_000;
/** Error codes after which trying again can help: the cluster is between leaders. */
const retryableCodes = new Set(['UNAVAILABLE']);

/** A handle on a running stream. */
export interface ResumableStream {
  close(): void;
  /** The last index delivered (the cursor the next reconnect resumes after). */
  readonly cursor: number | null;
}

/** The connection broke or the cluster is between leaders: reconnect with the cursor. */
class Retry extends Error {}
/** The server refused the subscription (FORBIDDEN, NOT_FOUND, bad input): do not retry. */
class Refused extends Error {}

/**
 * A GraphQL subscription over SSE that survives the death of the node serving it: when the
 * connection drops, it reconnects (through the web server, to any healthy node) with the cursor
 * variable set to the last index it delivered (the entry before it, when results carry
 * ordinals, dropping the replayed part), so nothing is missed and nothing is delivered twice. Results carrying a retryable error (UNAVAILABLE) reconnect too; other errors and a
 * `complete` end the stream.
 */
export function openResumableStream(options: ResumableStreamOptions): ResumableStream {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const initial = options.cursorVariable ? options.variables[options.cursorVariable] : undefined;
  let cursor: number | null = typeof initial === 'number' ? initial : null;
  /** Ordinal of the last result delivered at `cursor`; null when the entry is whole. */
  let cursorOrdinal: number | null = null;
  let closed = false;
  let wentLive = false;
  let controller = new AbortController();
  const setState = (state: StreamState) => {
    if (state.kind === 'live') wentLive = true;
    options.onState?.(state);
  };

  // Resume inside the entry at the cursor when it may have been cut off mid-way.
  const resumeAfter = () => (cursorOrdinal === null || cursor === null ? cursor : cursor - 1);
  const variablesNow = () => {
    const after = resumeAfter();
    return options.cursorVariable === null || after === null
      ? options.variables
      : { ...options.variables, [options.cursorVariable]: after };
  };

  /** True for a result this stream delivered already (a replay of the cursor's entry). */
  const delivered = (index: number | null, ordinal: number | null) =>
    index !== null &&
    cursor !== null &&
    (index < cursor || (index === cursor && ordinal !== null && ordinal <= (cursorOrdinal ?? -1)));

  async function connectOnce(): Promise<'ended'> {
    controller = new AbortController();
    let silenceTimer: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => controller.abort(new Retry('silent')), silenceMsMax);
    };
    heard();
    try {
      const response = await fetchImpl(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...options.headers,
        },
        body: JSON.stringify({
          query: options.query,
          variables: variablesNow(),
          ...(options.operationName ? { operationName: options.operationName } : {}),
        }),
        signal: controller.signal,
      });
      if (response.status >= 500 || !response.body) throw new Retry(`status ${response.status}`);
      if (!response.headers.get('content-type')?.includes('text/event-stream')) {
        const answer = (await response.json().catch(() => ({}))) as StreamResult;
        return deliverOrThrow(answer);
      }
      setState({ kind: 'live', nodeId: response.headers.get('x-raftboard-node') });
      for await (const message of readSse(response.body, heard)) {
        if (message.event === 'complete') return 'ended';
        if (message.event !== 'next' && message.event !== 'message') continue;
        deliverOrThrow(JSON.parse(message.data) as StreamResult);
      }
      throw new Retry('the connection closed');
    } finally {
      clearTimeout(silenceTimer);
    }
  }

  function deliverOrThrow(result: StreamResult): 'ended' {
    if (closed) return 'ended';
    const code = result.errors?.[0]?.extensions?.code;
    if (code !== undefined && retryableCodes.has(code)) throw new Retry(code);
    if (result.errors?.length && !result.data) {
      throw new Refused(result.errors.map((error) => error.message).join('; '));
    }
    const index = options.indexOf(result);
    const ordinal = options.ordinalOf?.(result) ?? null;
    if (delivered(index, ordinal)) return 'ended';
    if (index !== null && (cursor === null || index >= cursor)) {
      cursorOrdinal = ordinal;
      cursor = index;
    }
    options.onResult(result);
    return 'ended';
  }

  async function run() {
    for (let attempt = 0; !closed; attempt += 1) {
      wentLive = false;
      try {
        await connectOnce();
        if (closed) return;
        closed = true;
        setState({ kind: 'closed' });
        options.onEnd(null);
        return;
      } catch (error) {
        if (closed) return;
        if (error instanceof Refused) {
          closed = true;
          setState({ kind: 'closed' });
          options.onEnd(error as Error);
          return;
        }
        if (wentLive) attempt = 0;
        setState({ kind: 'reconnecting', attempt: attempt + 1, reason: (error as Error).message });
        await delay(backoffMs(attempt));
      }
    }
  }

  void run();
  return {
    close() {
      closed = true;
      controller.abort(new Retry('closed'));
      setState({ kind: 'closed' });
    },
    get cursor() {
      return cursor;
    },
  };
}

/** Reconnect delay for the attempt-th failure in a row (0-based), with jitter. */
export function backoffMs(attempt: number): number {
  const base = Math.min(reconnectDelayMsMax, reconnectDelayMsFirst * 2 ** Math.min(attempt, 8));
  return base + Math.floor(Math.random() * base * 0.5);
}

function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
