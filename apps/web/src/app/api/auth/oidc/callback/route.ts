import { safeNext } from '../../../../../features/auth/safe-next.ts';
import { NoNodeReachableError } from '../../../../../server/node-pool.ts';
import {
  clearedOidcStateCookie,
  clusterGraphql,
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
  const fail = (message: string) =>
    seeOther(signInWithError(message), [clearedOidcStateCookie({ secure })]);
  const query = new URL(request.url).searchParams;
  const value = (name: string) => {
    const raw = query.get(name);
    return raw !== null && raw.length <= parameterLengthMax ? raw : null;
  };
  const providerError = value('error');
  if (providerError !== null) {
    const description = value('error_description');
    return fail(`The provider did not sign you in: ${description ?? providerError}.`);
  }
  const code = value('code');
  const state = value('state');
  const browserState = readCookie(request.headers.get('cookie'), oidcStateCookieName);
  if (code === null || state === null) return fail('The provider sent no sign-in; try again.');
  if (browserState === null || !sameState(state, browserState)) {
    return fail('This sign-in was not started in this browser (or took too long); start again.');
  }
  try {
    const input = { code, state, iss: value('iss'), browserState };
    const answer = await clusterGraphql<Completed>(request, completeDocument, { input });
    const done = answer.data?.completeOidcSignIn;
    if (!done) return fail(`Sign-in failed: ${answer.errors?.[0]?.message ?? 'unknown error'}.`);
    return seeOther(safeNext(done.returnTo), [
      sessionCookie(done.session.token, { secure }),
      clearedOidcStateCookie({ secure }),
    ]);
  } catch (error) {
    if (!(error instanceof NoNodeReachableError)) throw error;
    return fail('No cluster node is reachable right now; try again.');
  }
}
