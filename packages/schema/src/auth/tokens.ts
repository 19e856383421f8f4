import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` (a const enum, which isolated modules cannot read). */
const argon2id = 2;

/** Prefix of session tokens (browser and `signIn`). */
export const sessionTokenPrefix = 'rbs_';
/** Prefix of personal API tokens, so leaked ones are easy to recognise and scan for. */
export const apiTokenPrefix = 'rbp_';
/** Prefix of calendar feed tokens, the secret in a feed's URL (`/calendar/rbc_….ics`). */
export const calendarFeedTokenPrefix = 'rbc_';
/** Random bytes in every token secret (256 bits). */
export const tokenSecretBytes = 32;
/** How long a session lasts. */
export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;
/** Name of the httpOnly cookie the web app may use to carry the session token. */
export const sessionCookieName = 'raftboard_session';

/** A new random token with `prefix`; only its hash is ever replicated. */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(tokenSecretBytes).toString('base64url')}`;
}

/**
 * The stored form of a token: SHA-256 hex. A fast hash is right here (unlike passwords) because
 * the secret has 256 bits of entropy; it lets a token be found by an indexed lookup.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** argon2id with the library's OWASP-aligned defaults (19 MiB, 2 passes). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: argon2id });
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks `password` against `passwordHash`; with no hash (unknown user, OAuth-only account) it
 * still spends the same work on a dummy hash so timing does not reveal which emails exist.
 */
export async function verifyPassword(passwordHash: string | null, password: string) {
  if (passwordHash === null) {
    dummyHash ??= hashPassword('raftboard-dummy-password');
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** The token a request carries: `Authorization: Bearer <token>`, else the session cookie. */
export function tokenFromHeaders(headers: Headers): string | null {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S{1,256})$/i.exec(authorization.trim());
    return match?.[1] ?? null;
  }
  const cookie = headers.get('cookie');
  if (cookie === null) return null;
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === sessionCookieName) return decodeURIComponent(value.join('=')).slice(0, 256);
  }
  return null;
}
