import type { CORSOptions } from 'graphql-yoga';

/**
 * The origins a node grants cross-origin access with credentials: exact `scheme://host[:port]`
 * strings, compared as given. The node also accepts the session cookie, so a grant lets that
 * origin's pages act as the signed-in user; every other origin gets no grant at all.
 */
export type TrustedOrigins = ReadonlySet<string>;

/**
 * True when `value` is an origin exactly as a browser sends it in `Origin`: http(s), a host, a
 * port only when not the scheme's default, no path, no trailing slash, lower case.
 */
export function isExactOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
}

/** Builds the set, throwing on any entry that `isExactOrigin` refuses. */
export function trustedOriginsFrom(origins: readonly string[]): TrustedOrigins {
  for (const origin of origins) {
    if (!isExactOrigin(origin)) {
      throw new Error(`trusted origin ${JSON.stringify(origin)} is not scheme://host[:port]`);
    }
  }
  return new Set(origins);
}

/**
 * Yoga's `cors` option: a trusted `Origin` gets `Access-Control-Allow-Origin: <origin>` and
 * `Access-Control-Allow-Credentials: true` (preflights too); any other origin gets no CORS
 * header at all. (Yoga's static options would not do: an empty list means every origin, and a
 * list of one is sent to every origin.)
 */
export function corsForTrustedOrigins(trusted: TrustedOrigins) {
  return (request: Request): CORSOptions => {
    const origin = request.headers.get('origin');
    if (origin === null || !trusted.has(origin)) return false;
    return { origin, credentials: true };
  };
}

/** The CORS grant for a plain (non-preflight) response to `origin`: none unless trusted. */
export function corsHeaders(
  origin: string | null,
  trusted: TrustedOrigins,
): Record<string, string> {
  if (origin === null || !trusted.has(origin)) return {};
  return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
}

/** `http(s)://<Host>`: the origins of pages the node serves itself (GraphiQL). */
function ownOrigins(host: string | undefined): string[] {
  if (!host) return [];
  try {
    return ['http', 'https'].map((scheme) => new URL(`${scheme}://${host}`).origin);
  } catch {
    return [];
  }
}

/**
 * Whether to accept a WebSocket upgrade with these headers. Browsers always send `Origin` on a
 * WebSocket and attach cookies whatever the origin, so a page elsewhere could open a socket as
 * the signed-in user (cross-site WebSocket hijacking): only trusted origins and the node's own
 * are accepted. No `Origin` means no browser (a server or CLI client), which is accepted.
 */
export function webSocketOriginAllowed(
  headers: Record<string, string | string[] | undefined>,
  trusted: TrustedOrigins,
): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string') return false;
  const host = typeof headers.host === 'string' ? headers.host : undefined;
  return trusted.has(origin) || ownOrigins(host).includes(origin);
}
