import { createHash, timingSafeEqual } from 'node:crypto';
import type { ProviderSignInError } from '../features/auth/sign-in-errors.ts';
import { forwardToCluster } from './node-pool.ts';

/**
 * The httpOnly cookie holding the sealed state of the sign-in this browser began. The callback
 * passes it to the node, which refuses a `state` that differs (login CSRF: a callback carrying
 * someone else's code and state does not match the victim's cookie).
 */
export const oidcStateCookieName = 'raftboard_oidc_state';
/** Where the state cookie is sent: the two OpenID Connect routes only. */
const oidcCookiePath = '/api/auth/oidc';
/** As long as the node accepts the state (ten minutes). */
const oidcStateMaxAgeSeconds = 10 * 60;

/** A Set-Cookie value for the state: httpOnly, SameSite=Lax (it must survive the redirect back). */
export function oidcStateCookie(state: string, options: { secure: boolean }): string {
  const attributes = [
    `${oidcStateCookieName}=${encodeURIComponent(state)}`,
    `Path=${oidcCookiePath}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${oidcStateMaxAgeSeconds}`,
  ];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** A Set-Cookie value that removes the state cookie (a state is used once). */
export function clearedOidcStateCookie(options: { secure: boolean }): string {
  const attributes = [`${oidcStateCookieName}=`, `Path=${oidcCookiePath}`, 'HttpOnly'];
  attributes.push('SameSite=Lax', 'Max-Age=0');
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** True when the two strings are equal, compared in constant time (they are secrets). */
export function sameState(left: string, right: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(left), digest(right));
}

/** A same-site path to the sign-in page that shows the message for `error` (keeping `next`). */
export function signInWithError(error: ProviderSignInError, next?: string): string {
  const query = new URLSearchParams({ error });
  if (next) query.set('next', next);
  return `/sign-in?${query}`;
}

/** A 303 to `location` (a path on this site or the provider), with cookies to set. */
export function seeOther(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

/** Bound on asking the cluster which providers exist while rendering the sign-in page. */
const providersTimeoutMs = 3_000;

/**
 * The name of the sign-in provider the cluster reports (`signInProviders`), or null when there
 * is none or no node answers in time: the page then offers passwords only.
 */
export async function signInProviderName(): Promise<string | null> {
  const body = JSON.stringify({ query: '{ signInProviders { name } }' });
  try {
    const { response } = await forwardToCluster(
      {
        path: '/graphql',
        method: 'POST',
        headers: new Headers({ 'content-type': 'application/json', accept: 'application/json' }),
        body: new TextEncoder().encode(body).buffer as ArrayBuffer,
        signal: AbortSignal.timeout(providersTimeoutMs),
      },
      { preferredId: null, affinityKey: '' },
    );
    const answer = (await response.json()) as {
      data?: { signInProviders?: { name: string }[] } | null;
    };
    return answer.data?.signInProviders?.[0]?.name ?? null;
  } catch {
    return null;
  }
}
