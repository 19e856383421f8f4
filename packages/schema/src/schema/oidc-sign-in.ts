import { findOAuthIdentityUser, findUserByEmail } from '@raftboard/db/queries/auth';
import { type OidcIdentity, type OidcSignIn, OidcSignInError } from '../auth/oidc.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { apiError, type ErrorCode, notFound } from '../errors.ts';
import { fenceOnce } from '../write/fence-on-refusal.ts';
import { successDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import {
  AuthPayload,
  type AuthShape,
  freeUsername,
  nameLengthMax,
  normaliseEmail,
  startSession,
  throttle,
} from './auth.ts';

/** Longest authorization code or issuer accepted from a callback. */
const callbackValueLengthMax = 2_048;

const SignInProvider = builder.objectRef<{ name: string }>('SignInProvider').implement({
  description: 'A way to sign in besides a password: an OpenID Connect provider.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'What the sign-in button names, as in "Sign in with <name>".',
    }),
  }),
});

builder.queryField('signInProviders', (t) =>
  t.field({
    type: [SignInProvider],
    description: [
      'The providers this node lets people sign in with besides a password (empty when none is',
      'configured). Needs no token.',
    ].join(' '),
    resolve: (_root, _args, context) =>
      context.oidc ? [{ name: context.oidc.settings.name }] : [],
  }),
);

const OidcSignInStart = builder
  .objectRef<{ authorizationUrl: string; state: string }>('OidcSignInStart')
  .implement({
    description: 'A started sign-in: send the browser to `authorizationUrl`.',
    fields: (t) => ({
      authorizationUrl: t.exposeString('authorizationUrl', {
        description: 'The provider’s authorization URL (code flow with PKCE, a nonce, `state`).',
      }),
      state: t.exposeString('state', {
        description: [
          'The sealed flow state, also inside `authorizationUrl`. Keep it in an httpOnly,',
          'SameSite=Lax cookie of the browser that starts the sign-in, and pass it back as',
          '`browserState`: a callback whose state differs is refused (login CSRF). It expires',
          'after ten minutes and works on any node.',
        ].join(' '),
      }),
    }),
  });

const BeginOidcSignInInput = builder.inputType('BeginOidcSignInInput', {
  description: 'Where to go after signing in.',
  fields: (t) => ({
    returnTo: t.string({
      required: false,
      description: 'A path on the board (`/projects/…`); anything else becomes `/`.',
    }),
  }),
});

const CompleteOidcSignInInput = builder.inputType('CompleteOidcSignInInput', {
  description: 'What the provider sent to the callback URL, and the browser’s copy of the state.',
  fields: (t) => ({
    code: t.string({ required: true, description: 'The `code` query parameter.' }),
    state: t.string({ required: true, description: 'The `state` query parameter.' }),
    iss: t.string({
      required: false,
      description: 'The `iss` query parameter, when the provider sends one (RFC 9207).',
    }),
    browserState: t.string({
      required: true,
      description: 'The state the browser kept in its cookie when it began (see OidcSignInStart).',
    }),
  }),
});

const OidcSignInOutcome = builder.enumType('OidcSignInOutcome', {
  description: 'How the provider’s identity met the accounts.',
  values: {
    SIGNED_IN: { value: 'signedIn', description: 'The identity was linked already.' },
    LINKED: {
      value: 'linked',
      description: 'Linked now to the account with the provider’s verified email.',
    },
    SIGNED_UP: { value: 'signedUp', description: 'A new account was made and linked.' },
  } as const,
});

type Outcome = 'signedIn' | 'linked' | 'signedUp';

const OidcSignInPayload = builder
  .objectRef<{ session: AuthShape; returnTo: string; outcome: Outcome }>('OidcSignInPayload')
  .implement({
    description: 'A completed sign-in through the provider: a new session.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      session: t.field({
        type: AuthPayload,
        description: 'The session, exactly as `signIn` starts one.',
        resolve: (payload) => payload.session,
      }),
      returnTo: t.exposeString('returnTo', {
        description: 'The board path the sign-in began with (from the sealed state).',
      }),
      outcome: t.field({
        type: OidcSignInOutcome,
        description: 'Whether the account was found, linked or made.',
        resolve: (payload) => payload.outcome,
      }),
    }),
  });

const errorCodes: Record<OidcSignInError['reason'], ErrorCode> = {
  stateInvalid: 'BAD_USER_INPUT',
  stateExpired: 'BAD_USER_INPUT',
  browser: 'FORBIDDEN',
  provider: 'UNAUTHENTICATED',
  unavailable: 'UNAVAILABLE',
};

/**
 * Runs `work`, answering the provider's and the state's refusals with a coded error whose
 * `extensions.reason` names the case, so the board can show its own words for it instead of
 * echoing text through a URL.
 */
async function oidcCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof OidcSignInError)) throw error;
    throw apiError(errorCodes[error.reason], error.message, { reason: error.reason });
  }
}

function configured(context: GraphQLContext): OidcSignIn {
  if (!context.oidc) throw notFound('no sign-in provider is configured on this cluster');
  return context.oidc;
}

builder.mutationField('beginOidcSignIn', (t) =>
  t.field({
    type: OidcSignInStart,
    description: [
      'Starts a sign-in through the configured OpenID provider. Needs no token. NOT_FOUND when',
      'none is configured; UNAVAILABLE when the provider cannot be reached; RATE_LIMITED like',
      '`signIn`, per client address.',
    ].join(' '),
    args: {
      input: t.arg({ type: BeginOidcSignInInput, required: false, description: 'Options.' }),
    },
    resolve: async (_root, { input }, context) => {
      const oidc = configured(context);
      throttle(context, 'oidcBegin', null);
      return oidcCall(() => oidc.begin(input?.returnTo ?? '/', context.now().getTime()));
    },
  }),
);

builder.mutationField('completeOidcSignIn', (t) =>
  t.field({
    type: OidcSignInPayload,
    description: [
      'Completes a sign-in from the provider’s redirect and starts a session. Needs no token.',
      'The code is exchanged with the PKCE verifier sealed in `state`, and the ID token’s',
      'signature, issuer, audience, nonce and expiry are checked. A linked identity signs its',
      'account in; otherwise an account whose email equals the provider’s VERIFIED email is',
      'linked; otherwise a new account is made. FORBIDDEN when `browserState` differs from',
      '`state` or the email is not verified; BAD_USER_INPUT for a forged or expired state;',
      'UNAUTHENTICATED when the provider’s answer is refused; RATE_LIMITED like `signIn`.',
      'Refusals carry `extensions.reason`: stateInvalid, stateExpired, browser, provider,',
      'unavailable, emailNotVerified or noEmail.',
    ].join(' '),
    args: {
      input: t.arg({ type: CompleteOidcSignInInput, required: true, description: 'The callback.' }),
    },
    resolve: async (_root, { input }, context) => {
      const oidc = configured(context);
      throttle(context, 'oidcComplete', null);
      if (
        input.code.length > callbackValueLengthMax ||
        (input.iss?.length ?? 0) > callbackValueLengthMax
      ) {
        throw apiError('BAD_USER_INPUT', 'the callback parameters are too long');
      }
      // The code works once: every read below must hold every acknowledged write before it is
      // spent, and a refusal after it must stand (no second run of this resolver).
      await fenceOnce(context);
      const { identity, returnTo } = await oidcCall(() =>
        oidc.complete(
          {
            state: input.state,
            code: input.code,
            iss: input.iss ?? null,
            browserState: input.browserState,
          },
          context.now().getTime(),
        ),
      );
      const { user, outcome } = await accountFor(context, oidc.providerKey, identity);
      return { session: await startSession(context, user, null), returnTo, outcome };
    },
  }),
);

/**
 * The account an identity signs in: the linked one; else the one with its email, linked when
 * the provider verified that email; else a new one, linked. An unverified email never makes or
 * joins an account: whoever controls a provider account that merely claims an address would
 * otherwise take over (or pre-register, then share) the account of that address.
 */
async function accountFor(
  context: GraphQLContext,
  provider: string,
  identity: OidcIdentity,
): Promise<{ user: string; outcome: Outcome }> {
  const link = { provider, providerUserId: identity.subject };
  const known = await findOAuthIdentityUser(context.db, link);
  if (known) return { user: known.id, outcome: 'signedIn' };
  if (identity.email === null) {
    throw apiError(
      'FORBIDDEN',
      'the provider shared no email address; allow the email scope and try again',
      { reason: 'noEmail' },
    );
  }
  const email = normaliseEmail(identity.email);
  if (!identity.emailVerified) {
    throw apiError(
      'FORBIDDEN',
      `the provider has not verified ${email}; an account is linked or made only by a ` +
        'verified email. Verify it at the provider, or sign in with your password',
      { reason: 'emailNotVerified' },
    );
  }
  const existing = await findUserByEmail(context.db, email);
  if (existing) {
    await propose(context, { type: 'user.linkOAuth', payload: link, actor: existing.id });
    return { user: existing.id, outcome: 'linked' };
  }
  const userId = context.newId();
  const username = await freeUsername(context, identity.preferredUsername ?? email);
  const displayName = (identity.displayName ?? username).slice(0, nameLengthMax);
  await propose(context, {
    type: 'user.signUp',
    payload: { userId, email, username, displayName, passwordHash: null },
    actor: userId,
  });
  await propose(context, { type: 'user.linkOAuth', payload: link, actor: userId });
  return { user: userId, outcome: 'signedUp' };
}
