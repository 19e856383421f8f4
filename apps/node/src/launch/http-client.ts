import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** One answer of `requestJson`. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

/**
 * One HTTP(S) request with a JSON answer, trusting `ca` (PEM) for https URLs: what the
 * launchers use to watch and steer nodes that serve TLS with a development CA, which the
 * global fetch would not trust. Rejects on network errors and after `timeoutMs`.
 */
export function requestJson(
  url: string,
  options: {
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: unknown;
    ca?: string;
    timeoutMs?: number;
  } = {},
): Promise<JsonAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = send(
      target,
      {
        method: options.method ?? 'GET',
        headers: {
          ...options.headers,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.ca ? { ca: options.ca } : {}),
        timeout: options.timeoutMs ?? 5_000,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          } catch (error) {
            reject(error);
          }
        });
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${url} did not answer in time`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Resolves once `url` answers (any status); throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
