import { createHash } from 'node:crypto';
import { findUserByEmail, usernameTaken, usersByIds } from '@raftboard/db/queries/auth';
import { uuidv7, uuidv7Ms } from '@raftboard/uuidv7';
import { ProjectAccess, requireViewer } from '../auth/access.ts';
import { authAttemptsPerWindowMax } from '../auth/rate-limiter.ts';
import {
  hashPassword,
  hashToken,
  newToken,
  sessionLifetimeMs,
  sessionTokenPrefix,
  verifyPassword,
} from '../auth/tokens.ts';
import { tokenScopes } from '../auth/viewer.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { apiError, forbidden, invalidInput, unauthenticated } from '../errors.ts';
import { fenceOnce } from '../write/fence-on-refusal.ts';
import { indexDescription, requestIdDescription, successDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import { User } from './user.ts';

/** Password length bounds (argon2id hashes any length; the cap bounds the work). */
export const passwordLengthMin = 8;
/** See `passwordLengthMin`. */
export const passwordLengthMax = 256;
/** Longest display name (the column holds 128). */
export const nameLengthMax = 128;
/** Milliseconds in a day, to state the session lifetime in days. */
const dayMs = 24 * 60 * 60 * 1000;
/** Attempts of the username derived from an email before giving up. */
const usernameAttemptsMax = 5;

/** A session just started: its secret, its user, the index that created it. */
export interface AuthShape {
  token: string;
  userId: string;
  index: number;
}

/** The answer of every sign-in (password or OpenID Connect). */
export const AuthPayload = builder.objectRef<AuthShape>('AuthPayload').implement({
  description: 'A new session: send `token` as `Authorization: Bearer <token>`.',
  fields: (t) => ({
    success: t.boolean({ resolve: () => true, description: successDescription }),
    token: t.exposeString('token', {
      description: [
        'The session secret (`rbs_…`), shown only in this answer. Send it as',
        '`Authorization: Bearer <token>`; it lasts',
        `${sessionLifetimeMs / dayMs} days or until \`signOut\`.`,
      ].join(' '),
    }),
    index: t.exposeInt('index', {
      description: 'Log index of the session’s creation; pass it as `minIndex` to read after it.',
    }),
    user: t.field({
      type: User,
      description: 'The signed-in user.',
      resolve: async (auth, _args, context) => {
        const [user] = await usersByIds(context.db, [auth.userId]);
        if (!user) throw new Error(`user ${auth.userId} vanished after sign-in`);
        return user;
      },
    }),
  }),
});

const SignOutPayload = builder.objectRef<{ index: number }>('SignOutPayload').implement({
  description: 'The session is revoked: its token no longer works on any node.',
  fields: (t) => ({
    success: t.boolean({ resolve: () => true, description: successDescription }),
    index: t.exposeInt('index', { description: indexDescription }),
  }),
});

/** `requestId` of signUp/signIn: a session secret cannot be shown twice, so no replay. */
const signInRequestIdDescription = [
  'Optional key (1 to 64 of [A-Za-z0-9_.:-]). A session secret cannot be shown twice, so a',
  'retry that already went through fails with CONFLICT instead of replaying: then sign in',
  '(again) with a new requestId.',
].join(' ');

const SignUpInput = builder.inputType('SignUpInput', {
  description: 'A new account.',
  fields: (t) => ({
    email: t.string({
      required: true,
      description: [
        'Sign-in email, at most 254 characters; stored trimmed and lower-case. CONFLICT when',
        'an account has it.',
      ].join(' '),
    }),
    password: t.string({
      required: true,
      description: [
        `${passwordLengthMin} to ${passwordLengthMax} characters; stored as an argon2id`,
        'hash.',
      ].join(' '),
    }),
    name: t.string({
      required: true,
      description: `Display name, 1 to ${nameLengthMax} characters (trimmed).`,
    }),
    requestId: t.string({ required: false, description: signInRequestIdDescription }),
  }),
});

const SignInInput = builder.inputType('SignInInput', {
  description: 'Credentials of an existing account.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'The account’s email (any case).' }),
    password: t.string({ required: true, description: 'The account’s password.' }),
    requestId: t.string({ required: false, description: signInRequestIdDescription }),
  }),
});

/** The email trimmed and lower-cased; BAD_USER_INPUT when it is not an address. */
export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (normalised.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalised)) {
    throw invalidInput('email is not a valid address');
  }
  return normalised;
}

/**
 * Counts one attempt per key (the email when known, the client address), RATE_LIMITED over
 * budget. Once per attempt: signUp and signIn refuse nothing between their throttle and their
 * fence that write/fence-on-refusal.ts would re-check (malformed input is not re-checked; after
 * the fence a refusal stands), so neither field runs its throttle twice.
 */
export function throttle(context: GraphQLContext, action: string, email: string | null): void {
  const keys = email === null ? [] : [`${action}:email:${email}`];
  if (context.request.clientAddress) keys.push(`${action}:ip:${context.request.clientAddress}`);
  const nowMs = context.now().getTime();
  for (const key of keys) {
    if (!context.rateLimiter.attempt(key, nowMs)) {
      throw apiError('RATE_LIMITED', 'too many attempts; wait a minute and try again');
    }
  }
}

/** A username no one holds, derived from `seed` (an email's local part, or a handle). */
export async function freeUsername(context: GraphQLContext, seed: string): Promise<string> {
  const local = (seed.split('@')[0] ?? '').toLowerCase();
  const base = local.replace(/[^a-z0-9_.-]/g, '').slice(0, 48);
  const stem = base.length >= 2 ? base : `user${base}`;
  for (let attempt = 0; attempt < usernameAttemptsMax; attempt++) {
    const suffix = attempt === 0 ? '' : `-${context.newId().slice(-6)}`;
    if (!(await usernameTaken(context.db, stem + suffix))) return stem + suffix;
  }
  throw apiError('CONFLICT', 'could not find a free username; try again');
}

/**
 * The request id of the session a sign-up with `requestId` starts: a UUIDv7 made at the same
 * instant (so the same window applies to both) whose random bits are a hash of the sign-up's
 * id, so that a retry of the sign-up asks for the same session.
 */
function sessionRequestId(requestId: string): string {
  const madeAtMs = uuidv7Ms(requestId);
  // propose() refused any id that is not a UUIDv7 before this runs; reusing the sign-up's own id
  // would replay the sign-up's outcome instead of starting a session.
  if (madeAtMs === null) throw new Error(`sign-up request id ${requestId} is not a UUIDv7`);
  const random = createHash('sha256').update(`${requestId}:session`).digest().subarray(0, 16);
  return uuidv7(madeAtMs, random);
}

/** Proposes a new session for `userId` and makes it this request's viewer. */
export async function startSession(
  context: GraphQLContext,
  userId: string,
  requestId?: string | null,
): Promise<AuthShape> {
  const sessionId = context.newId();
  const token = newToken(sessionTokenPrefix);
  const expiresAt = context.now().getTime() + sessionLifetimeMs;
  const committed = await propose(context, {
    type: 'session.create',
    payload: { sessionId, userId, tokenHash: hashToken(token), expiresAt },
    requestId: requestId ?? null,
    actor: userId,
  });
  if (committed.result.sessionId !== sessionId) {
    throw apiError('CONFLICT', 'this requestId already signed in; sign in again with a new one');
  }
  // The rest of this request (the payload's fields) acts as the new session's user.
  context.viewer = {
    userId,
    via: 'session',
    credentialId: sessionId,
    scopes: new Set(tokenScopes),
  };
  context.access = new ProjectAccess(context.db, context.viewer, context.accessCache);
  return { token, userId, index: committed.index };
}

builder.mutationField('signUp', (t) =>
  t.field({
    type: AuthPayload,
    description: [
      'Creates an account and signs it in: the answer’s `token` is a session. Needs no token.',
      'Its `username` is derived from the email. CONFLICT when the email is taken;',
      `RATE_LIMITED after ${authAttemptsPerWindowMax} attempts a minute per email or per client`,
      'address (counted per node).',
    ].join(' '),
    args: { input: t.arg({ type: SignUpInput, required: true, description: 'The account.' }) },
    resolve: async (_root, { input }, context) => {
      const email = normaliseEmail(input.email);
      throttle(context, 'signUp', email);
      if (input.password.length < passwordLengthMin || input.password.length > passwordLengthMax) {
        throw invalidInput(
          `password must be ${passwordLengthMin} to ${passwordLengthMax} characters`,
        );
      }
      const displayName = input.name.trim();
      if (displayName.length === 0 || displayName.length > nameLengthMax) {
        throw invalidInput(`name must be 1 to ${nameLengthMax} characters`);
      }
      const userId = context.newId();
      // The username goes into the command as it was found free: it must be free everywhere.
      await fenceOnce(context);
      const username = await freeUsername(context, email);
      const passwordHash = await hashPassword(input.password);
      await propose(context, {
        type: 'user.signUp',
        payload: { userId, email, username, displayName, passwordHash },
        requestId: input.requestId ?? null,
        actor: userId,
      });
      const session = input.requestId ? sessionRequestId(input.requestId) : null;
      return startSession(context, userId, session);
    },
  }),
);

builder.mutationField('signIn', (t) =>
  t.field({
    type: AuthPayload,
    description: [
      'Checks email and password and starts a session: the answer’s `token`. Needs no token.',
      'UNAUTHENTICATED for a wrong email or password (the answer does not say which);',
      `RATE_LIMITED after ${authAttemptsPerWindowMax} attempts a minute per email or per client`,
      'address (counted per node).',
    ].join(' '),
    args: {
      input: t.arg({ type: SignInInput, required: true, description: 'The credentials.' }),
    },
    resolve: async (_root, { input }, context) => {
      const email = normaliseEmail(input.email);
      throttle(context, 'signIn', email);
      // Apply does not check the password again, so it is checked against every change
      // acknowledged before this request (a new password, a new account), right or wrong.
      await fenceOnce(context);
      const user = await findUserByEmail(context.db, email);
      const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
      if (!user || !passwordOk) throw unauthenticated('wrong email or password');
      return startSession(context, user.id, input.requestId);
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.field({
    type: SignOutPayload,
    description: [
      'Ends the session this request came with, on every node. FORBIDDEN with an API token:',
      'revoke those with `revokeApiToken`.',
    ].join(' '),
    args: { requestId: t.arg.string({ required: false, description: requestIdDescription }) },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer, 'read');
      if (viewer.via !== 'session') throw forbidden('sign out ends sessions, not API tokens');
      const committed = await propose(context, {
        type: 'session.revoke',
        payload: { sessionId: viewer.credentialId },
        requestId: args.requestId ?? null,
        actor: viewer.userId,
      });
      return { index: committed.index };
    },
  }),
);
