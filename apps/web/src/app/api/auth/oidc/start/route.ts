import { safeNext } from '../../../../../features/auth/safe-next.ts';
import { providerSignInErrorFor } from '../../../../../features/auth/sign-in-errors.ts';
import { clusterGraphql } from '../../../../../server/cluster-graphql.ts';
import { NoNodeReachableError } from '../../../../../server/node-pool.ts';
import { oidcStateCookie, seeOther, signInWithError } from '../../../../../server/oidc.ts';
import { isSecure } from '../../../../../server/session.ts';

/**
 * `GET /api/auth/oidc/start?next=/path`: asks a node to begin a sign-in with the configured
 * OpenID provider, keeps the sealed state in this browser's httpOnly cookie, and sends the
 * browser to the provider. The node, not this server, holds the client secret.
 */
export const dynamic = 'force-dynamic';

const beginDocument = `mutation Begin($input: BeginOidcSignInInput) {
  beginOidcSignIn(input: $input) { authorizationUrl state }
}`;

export async function GET(request: Request): Promise<Response> {
  const next = safeNext(new URL(request.url).searchParams.get('next'));
  try {
    const answer = await clusterGraphql<{
      beginOidcSignIn: { authorizationUrl: string; state: string } | null;
    }>(request, beginDocument, { input: { returnTo: next } });
    const begun = answer.data?.beginOidcSignIn;
    if (!begun) return seeOther(signInWithError(providerSignInErrorFor(answer.errors?.[0]), next));
    return seeOther(begun.authorizationUrl, [
      oidcStateCookie(begun.state, { secure: isSecure(request) }),
    ]);
  } catch (error) {
    if (!(error instanceof NoNodeReachableError)) throw error;
    return seeOther(signInWithError('unavailable', next));
  }
}
