import { safeNext } from '../../../../../features/auth/safe-next.ts';
import {
  type ProviderSignInError,
  providerSignInErrorFor,
} from '../../../../../features/auth/sign-in-errors.ts';
import { clusterGraphql } from '../../../../../server/cluster-graphql.ts';
import { NoNodeReachableError } from '../../../../../server/node-pool.ts';
import {
  clearedOidcStateCookie,
  oidcStateCookieName,
  sameState,
  seeOther,
  signInWithError,
} from '../../../../../server/oidc.ts';
import { isSecure, readCookie, sessionCookie } from '../../../../../server/session.ts';

/**
 * `GET /api/auth/oidc/callback?code&state[&iss]`: where the provider sends the browser back.
 * Refuses a state that is not the one this browser's cookie holds, has a node complete the
 * sign-in (code exchange, ID token checks, account link), and sets the same session cookie as a
 * password sign-in. Every failure lands on the sign-in page with a readable message.
 */
export const dynamic = 'force-dynamic';

const completeDocument = `mutation Complete($input: CompleteOidcSignInInput!) {
  completeOidcSignIn(input: $input) { returnTo session { token } }
}`;

/** Longest query value passed on (a code, a state, an issuer). */
const parameterLengthMax = 4_096;

interface Completed {
  completeOidcSignIn: { returnTo: string; session: { token: string } } | null;
}

export async function GET(request: Request): Promise<Response> {
  const secure = isSecure(request);
  const fail = (error: ProviderSignInError) =>
    seeOther(signInWithError(error), [clearedOidcStateCookie({ secure })]);
  const query = new URL(request.url).searchParams;
  const value = (name: string) => {
    const raw = query.get(name);
    return raw !== null && raw.length <= parameterLengthMax ? raw : null;
  };
  // The provider's own error text is not shown: it came through a URL anyone can craft.
  if (query.has('error')) return fail('denied');
  const code = value('code');
  const state = value('state');
  const browserState = readCookie(request.headers.get('cookie'), oidcStateCookieName);
  if (code === null || state === null) return fail('failed');
  if (browserState === null || !sameState(state, browserState)) return fail('stateInvalid');
  try {
    const input = { code, state, iss: value('iss'), browserState };
    const answer = await clusterGraphql<Completed>(request, completeDocument, { input });
    const done = answer.data?.completeOidcSignIn;
    if (!done) return fail(providerSignInErrorFor(answer.errors?.[0]));
    return seeOther(safeNext(done.returnTo), [
      sessionCookie(done.session.token, { secure }),
      clearedOidcStateCookie({ secure }),
    ]);
  } catch (error) {
    if (!(error instanceof NoNodeReachableError)) throw error;
    return fail('unavailable');
  }
}
