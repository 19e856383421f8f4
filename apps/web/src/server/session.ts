/** The httpOnly cookie that carries the session token; JavaScript in the page never sees it. */
export const sessionCookieName = 'raftboard_session';
/** A node id the person chose on the cluster page ("connect through n2"); not a secret. */
export const preferredNodeCookieName = 'raftboard_node';
/** Matches the node's session lifetime (30 days). */
export const sessionMaxAgeSeconds = 30 * 24 * 60 * 60;

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (cookieHeader === null) return null;
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) {
      return decodeURIComponent(part.slice(separator + 1).trim());
    }
  }
  return null;
}

/** A Set-Cookie value for the session: httpOnly, SameSite=Lax, Secure over HTTPS. */
export function sessionCookie(token: string, options: { secure: boolean }): string {
  const attributes = [
    `${sessionCookieName}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${sessionMaxAgeSeconds}`,
  ];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** A Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  const attributes = [`${sessionCookieName}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/**
 * True when a state-changing request comes from this site. Browsers send `Origin` on every
 * POST; a request without it (curl, a server) carries no ambient browser credentials to abuse.
 * SameSite=Lax already keeps the cookie off cross-site POSTs; this is the second lock.
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Whether the browser reached this server over HTTPS (directly or through a proxy). */
export function isSecure(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto');
  return (forwarded ?? new URL(request.url).protocol.replace(':', '')) === 'https';
}

/** Bound on the `X-Forwarded-For` chain passed on to a node. */
const forwardedForLengthMax = 512;

/**
 * The `X-Forwarded-For` chain to send a node: the one this server received (Next adds the
 * browser's socket address when there is none). Nodes believe it only from a trusted proxy
 * (`--trusted-proxies`) and key sign-in rate limits on its rightmost untrusted entry; behind a
 * reverse proxy, that proxy should overwrite the header rather than append to a client's.
 */
export function forwardedFor(request: Request): string | null {
  const chain = request.headers.get('x-forwarded-for');
  return chain ? chain.slice(-forwardedForLengthMax) : null;
}
