import type { Database } from '@raftboard/db/client';
import { findLiveApiToken, findLiveSession } from '@raftboard/db/queries/auth';
import type { AccessCache, CachedCredential } from './access-cache.ts';
import { apiTokenPrefix, hashToken, sessionTokenPrefix, tokenFromHeaders } from './tokens.ts';

/** What a credential lets its bearer do. Sessions hold both. */
export type TokenScope = 'read' | 'write';

/** Every scope an API token may be given. */
export const tokenScopes: readonly TokenScope[] = ['read', 'write'];

/** The authenticated caller of one request. */
export interface Viewer {
  userId: string;
  /** How the caller authenticated: a session (sign-in, cookie) or a personal API token. */
  via: 'session' | 'apiToken';
  /** The session's or token's id (signOut revokes the session). */
  credentialId: string;
  scopes: ReadonlySet<TokenScope>;
}

/**
 * The viewer a request's credential stands for, or null when it carries none, or one that is
 * unknown, revoked or expired (the request then proceeds anonymously). Through `cache` when
 * given: the node's `AccessCache`, dropped whenever apply changes credentials.
 */
export async function resolveViewer(
  db: Database,
  headers: Headers,
  now: Date,
  cache: AccessCache | null,
): Promise<Viewer | null> {
  const token = tokenFromHeaders(headers);
  if (token === null) return null;
  const tokenHash = hashToken(token);
  const lookup = (load: () => Promise<CachedCredential | undefined>) =>
    cache ? cache.credential(tokenHash, now, load) : load();
  if (token.startsWith(sessionTokenPrefix)) {
    const session = await lookup(() => findLiveSession(db, tokenHash, now));
    if (!session) return null;
    return {
      userId: session.userId,
      via: 'session',
      credentialId: session.id,
      scopes: new Set(tokenScopes),
    };
  }
  if (token.startsWith(apiTokenPrefix)) {
    const apiToken = await lookup(() => findLiveApiToken(db, tokenHash, now));
    if (!apiToken) return null;
    const granted = apiToken.scopes ?? [];
    const scopes = tokenScopes.filter((scope) => granted.includes(scope));
    return {
      userId: apiToken.userId,
      via: 'apiToken',
      credentialId: apiToken.id,
      scopes: new Set(scopes),
    };
  }
  return null;
}
