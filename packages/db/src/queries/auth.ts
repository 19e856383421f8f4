import { and, desc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import {
  type ApiTokenRow,
  apiTokens,
  oauthIdentities,
  sessions,
  type UserRow,
  users,
} from '../schema/users.ts';

/** The user with this (lower-case) email, or undefined. */
export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  return user;
}

/** Users by id, in no particular order; missing ids are skipped. */
export async function usersByIds(db: Executor, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(users)
    .where(inArray(users.id, [...ids]));
}

/** The user an external identity (provider key + the provider's subject) is linked to. */
export async function findOAuthIdentityUser(
  db: Executor,
  identity: { provider: string; providerUserId: string },
): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(oauthIdentities)
    .innerJoin(users, eq(users.id, oauthIdentities.userId))
    .where(
      and(
        eq(oauthIdentities.provider, identity.provider),
        eq(oauthIdentities.providerUserId, identity.providerUserId),
      ),
    );
  return row?.user;
}

/** The external identities linked to a user (provider keys and subjects), oldest first. */
export async function oauthIdentitiesOfUser(db: Executor, userId: string) {
  return db
    .select({ provider: oauthIdentities.provider, providerUserId: oauthIdentities.providerUserId })
    .from(oauthIdentities)
    .where(eq(oauthIdentities.userId, userId))
    .orderBy(oauthIdentities.createdAt);
}

/** True when a user holds this username. */
export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row !== undefined;
}

/** A live (not revoked, not expired at `now`) session by the hash of its token. */
export async function findLiveSession(db: Executor, tokenHash: string, now: Date) {
  const [session] = await db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
      ),
    );
  return session;
}

/** A live (not revoked, not expired at `now`) API token by the hash of its secret. */
export async function findLiveApiToken(db: Executor, tokenHash: string, now: Date) {
  const [token] = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  return token;
}

/** Bound on the API tokens listed for one user. */
export const apiTokensListedMax = 200;

/** A user's API tokens, newest first, revoked ones included (bounded). */
export async function apiTokensOfUser(db: Executor, userId: string): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(apiTokensListedMax);
}

/** One API token by id. */
export async function apiTokenById(db: Executor, id: string): Promise<ApiTokenRow | undefined> {
  const [token] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return token;
}
