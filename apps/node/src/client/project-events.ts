import type { BoardSession } from './board.ts';

/** One `projectEvents` message, with the fields the tools read. */
export interface ProjectEventMessage {
  type: 'EVENT' | 'RESYNC' | 'REVOKED';
  index: number;
  event: { kind: string; entityId: string; index: number } | null;
}

/** An open `projectEvents` feed. */
export interface ProjectEventsFeed {
  /** Settles when the stream ends: resolves on `close()`, rejects if the node ends or fails it. */
  ended: Promise<void>;
  close(): void;
}

const subscription = `subscription ($projectId: ID!, $after: Int) {
  projectEvents(projectId: $projectId, after: $after) { type index event { kind entityId index } }
}`;

/**
 * Subscribes to the session's project feed on node `url` over SSE (POST with
 * `Accept: text/event-stream`) and calls `onMessage` as each message is read, so a caller can
 * time its arrival. Without `after` the feed starts at what that node has applied.
 */
export async function subscribeProjectEvents(
  url: string,
  session: BoardSession,
  onMessage: (message: ProjectEventMessage) => void,
  options: { after?: number } = {},
): Promise<ProjectEventsFeed> {
  const abort = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${session.token}`,
    },
    body: JSON.stringify({
      query: subscription,
      variables: { projectId: session.projectId, after: options.after ?? null },
    }),
    signal: abort.signal,
  });
  const reader = response.body?.getReader();
  if (!reader || !response.headers.get('content-type')?.includes('text/event-stream')) {
    abort.abort();
    throw new Error(`${url} did not open an event stream (HTTP ${response.status})`);
  }
  const ended = readStream(reader, onMessage).catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return { ended, close: () => abort.abort() };
}

/** Reads SSE blocks until the stream ends; throws on `event: complete` or a GraphQL error. */
async function readStream(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onMessage: (message: ProjectEventMessage) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the event stream closed');
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (/^event: complete$/m.test(block)) throw new Error('the node completed the feed');
      const data = /^data:(.*)$/m.exec(block)?.[1];
      const payload = data ? JSON.parse(data) : null;
      if (payload?.errors) throw new Error(`the feed failed: ${JSON.stringify(payload.errors)}`);
      if (payload?.data?.projectEvents) onMessage(payload.data.projectEvents);
    }
  }
}
