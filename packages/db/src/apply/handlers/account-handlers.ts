import { and, count, eq, isNull, or } from 'drizzle-orm';
import { calendarFeeds } from '../../schema/calendar-feeds.ts';
import { apiTokens, oauthIdentities, sessions, users } from '../../schema/users.ts';
import { requireRole, requireUser } from '../access.ts';
import type { CommandHandlers } from '../handler.ts';
import { reject } from '../outcome.ts';

type AccountCommand =
  | 'user.signUp'
  | 'user.update'
  | 'user.linkOAuth'
  | 'session.create'
  | 'session.revoke'
  | 'apiToken.create'
  | 'apiToken.revoke'
  | 'calendarFeed.create'
  | 'calendarFeed.revoke';

/** Bound on one person's live calendar feeds. */
export const calendarFeedsPerUserMax = 20;

function userEvent(userId: string, kind: string, payload: Record<string, unknown>) {
  return { projectId: null, kind, entityType: 'user', entityId: userId, payload };
}

/** Users, sessions, OAuth identities and API tokens. The actor acts on their own account. */
export const accountHandlers: CommandHandlers<AccountCommand> = {
  'user.signUp': async (ctx, p) => {
    const [taken] = await ctx.tx
      .select({ email: users.email, username: users.username })
      .from(users)
      .where(or(eq(users.email, p.email), eq(users.username, p.username), eq(users.id, p.userId)));
    if (taken?.email === p.email) reject('ALREADY_EXISTS', `email ${p.email} is taken`);
    if (taken?.username === p.username) reject('ALREADY_EXISTS', `username ${p.username} is taken`);
    if (taken) reject('ALREADY_EXISTS', `user ${p.userId} exists`);
    await ctx.tx.insert(users).values({
      id: p.userId,
      email: p.email,
      username: p.username,
      displayName: p.displayName,
      passwordHash: p.passwordHash,
      createdAt: ctx.at,
      updatedAt: ctx.at,
    });
    ctx.emit(
      userEvent(p.userId, 'user.signedUp', { username: p.username, displayName: p.displayName }),
    );
    return { userId: p.userId };
  },

  'user.update': async (ctx, p) => {
    await requireUser(ctx, ctx.actor);
    await ctx.tx
      .update(users)
      .set({ ...p, updatedAt: ctx.at })
      .where(eq(users.id, ctx.actor));
    ctx.emit(userEvent(ctx.actor, 'user.updated', { fields: Object.keys(p).sort() }));
    return { userId: ctx.actor };
  },

  'user.linkOAuth': async (ctx, p) => {
    await requireUser(ctx, ctx.actor);
    const [linked] = await ctx.tx
      .select({ userId: oauthIdentities.userId })
      .from(oauthIdentities)
      .where(
        and(
          eq(oauthIdentities.provider, p.provider),
          eq(oauthIdentities.providerUserId, p.providerUserId),
        ),
      );
    if (linked) reject('ALREADY_EXISTS', `this ${p.provider} identity is already linked`);
    await ctx.tx.insert(oauthIdentities).values({ ...p, userId: ctx.actor, createdAt: ctx.at });
    ctx.emit(userEvent(ctx.actor, 'user.oauthLinked', { provider: p.provider }));
    return { userId: ctx.actor };
  },

  'session.create': async (ctx, p) => {
    if (p.userId !== ctx.actor) reject('FORBIDDEN', 'a session is created by its own user');
    await requireUser(ctx, p.userId);
    const expiresAt = new Date(p.expiresAt);
    await ctx.tx.insert(sessions).values({
      id: p.sessionId,
      userId: p.userId,
      tokenHash: p.tokenHash,
      createdAt: ctx.at,
      expiresAt,
    });
    ctx.emit(
      userEvent(p.userId, 'session.created', {
        sessionId: p.sessionId,
        expiresAt: expiresAt.toISOString(),
      }),
    );
    return { sessionId: p.sessionId };
  },

  'session.revoke': async (ctx, p) => {
    const [session] = await ctx.tx.select().from(sessions).where(eq(sessions.id, p.sessionId));
    if (!session) return reject('NOT_FOUND', `session ${p.sessionId} does not exist`);
    if (session.userId !== ctx.actor) reject('FORBIDDEN', 'only its user revokes a session');
    const [result] = await ctx.tx
      .update(sessions)
      .set({ revokedAt: ctx.at })
      .where(and(eq(sessions.id, p.sessionId), isNull(sessions.revokedAt)));
    if (result.affectedRows > 0) {
      ctx.emit(userEvent(session.userId, 'session.revoked', { sessionId: p.sessionId }));
    }
    return { sessionId: p.sessionId, revoked: result.affectedRows > 0 };
  },

  'apiToken.create': async (ctx, p) => {
    await requireUser(ctx, ctx.actor);
    const expiresAt = p.expiresAt === null ? null : new Date(p.expiresAt);
    await ctx.tx.insert(apiTokens).values({
      id: p.tokenId,
      userId: ctx.actor,
      name: p.name,
      tokenHash: p.tokenHash,
      scopes: p.scopes,
      createdAt: ctx.at,
      expiresAt,
    });
    ctx.emit(
      userEvent(ctx.actor, 'apiToken.created', {
        tokenId: p.tokenId,
        name: p.name,
        scopes: p.scopes,
      }),
    );
    return { tokenId: p.tokenId };
  },

  'apiToken.revoke': async (ctx, p) => {
    const [token] = await ctx.tx.select().from(apiTokens).where(eq(apiTokens.id, p.tokenId));
    if (!token) return reject('NOT_FOUND', `API token ${p.tokenId} does not exist`);
    if (token.userId !== ctx.actor) reject('FORBIDDEN', 'only its user revokes a token');
    const [result] = await ctx.tx
      .update(apiTokens)
      .set({ revokedAt: ctx.at })
      .where(and(eq(apiTokens.id, p.tokenId), isNull(apiTokens.revokedAt)));
    if (result.affectedRows > 0) {
      ctx.emit(userEvent(ctx.actor, 'apiToken.revoked', { tokenId: p.tokenId }));
    }
    return { tokenId: p.tokenId, revoked: result.affectedRows > 0 };
  },

  'calendarFeed.create': async (ctx, p) => {
    await requireUser(ctx, ctx.actor);
    if (p.projectId !== null) await requireRole(ctx, p.projectId, 'viewer');
    const [live] = await ctx.tx
      .select({ n: count() })
      .from(calendarFeeds)
      .where(and(eq(calendarFeeds.userId, ctx.actor), isNull(calendarFeeds.revokedAt)));
    if ((live?.n ?? 0) >= calendarFeedsPerUserMax) {
      reject('INVALID', `at most ${calendarFeedsPerUserMax} calendar feeds; revoke one first`);
    }
    await ctx.tx.insert(calendarFeeds).values({
      id: p.feedId,
      userId: ctx.actor,
      projectId: p.projectId,
      tokenHash: p.tokenHash,
      createdAt: ctx.at,
    });
    ctx.emit(
      userEvent(ctx.actor, 'calendarFeed.created', { feedId: p.feedId, projectId: p.projectId }),
    );
    return { feedId: p.feedId };
  },

  'calendarFeed.revoke': async (ctx, p) => {
    const [feed] = await ctx.tx.select().from(calendarFeeds).where(eq(calendarFeeds.id, p.feedId));
    if (!feed) return reject('NOT_FOUND', `calendar feed ${p.feedId} does not exist`);
    if (feed.userId !== ctx.actor) reject('FORBIDDEN', 'only its owner revokes a calendar feed');
    const [result] = await ctx.tx
      .update(calendarFeeds)
      .set({ revokedAt: ctx.at })
      .where(and(eq(calendarFeeds.id, p.feedId), isNull(calendarFeeds.revokedAt)));
    if (result.affectedRows > 0) {
      ctx.emit(userEvent(ctx.actor, 'calendarFeed.revoked', { feedId: p.feedId }));
    }
    return { feedId: p.feedId, revoked: result.affectedRows > 0 };
  },
};
