/** One parsed Server-Sent Events message. */
export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Splits a byte stream into SSE messages (the WHATWG format: `event:` and `data:` lines, a blank
 * line ends a message, lines starting with `:` are comments such as keep-alive pings).
 * `onActivity` hears every chunk, pings included, so a caller can tell a live connection from a
 * dead one.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  onActivity: () => void,
): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      onActivity();
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message = parseBlock(block);
        if (message !== null) yield message;
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block: string): SseMessage | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line.length === 0) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    if (field === 'data') data.push(value);
  }
  if (event === 'message' && data.length === 0) return null;
  return { event, data: data.join('\n') };
}
