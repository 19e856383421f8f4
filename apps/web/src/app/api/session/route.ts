import { clusterGraphql } from '../../../server/cluster-graphql.ts';
import { NoNodeReachableError } from '../../../server/node-pool.ts';
import {
  clearedSessionCookie,
  isSecure,
  readCookie,
  sameOrigin,
  sessionCookie,
  sessionCookieName,
} from '../../../server/session.ts';

/**
 * Sign up, sign in and sign out. The node mints the session token; this route puts it in an
 * httpOnly cookie and answers the browser with the user only, so page scripts never hold it.
 */
export const dynamic = 'force-dynamic';

const signInDocument = `mutation SignIn($input: SignInInput!) {
  signIn(input: $input) { token index user { id name username email } }
}`;
const signUpDocument = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token index user { id name username email } }
}`;
const signOutDocument =
  'mutation SignOut($requestId: String) { signOut(requestId: $requestId) { index } }';

type GraphQLData = Record<string, { token?: string; index: number; user?: unknown } | null>;

function errorResponse(status: number, code: string, message: string) {
  return Response.json({ error: { code, message } }, { status });
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length <= max ? value : null;
}

/** `{ mode: 'signIn' | 'signUp', email, password, name?, requestId }` → `{ user, index }`. */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return errorResponse(403, 'FORBIDDEN', 'cross-site request refused');
  const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
  const mode = body?.mode;
  const email = text(body?.email, 320);
  const password = text(body?.password, 1024);
  const requestId = text(body?.requestId, 128);
  if ((mode !== 'signIn' && mode !== 'signUp') || email === null || password === null) {
    return errorResponse(400, 'BAD_USER_INPUT', 'send mode, email and password');
  }
  const input: Record<string, unknown> = { email, password };
  if (requestId !== null) input.requestId = requestId;
  if (mode === 'signUp') input.name = text(body?.name, 256) ?? '';
  try {
    const answer = await clusterGraphql<GraphQLData>(
      request,
      mode === 'signIn' ? signInDocument : signUpDocument,
      { input },
      null,
    );
    const result = answer.data?.[mode];
    if (!result?.token) {
      const error = answer.errors?.[0];
      const code = error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      return errorResponse(code === 'UNAVAILABLE' ? 503 : 400, code, error?.message ?? 'failed');
    }
    const response = Response.json({ user: result.user, index: result.index });
    response.headers.append(
      'set-cookie',
      sessionCookie(result.token, { secure: isSecure(request) }),
    );
    return response;
  } catch (error) {
    if (!(error instanceof NoNodeReachableError)) throw error;
    return errorResponse(503, 'UNAVAILABLE', 'no cluster node is reachable right now');
  }
}

/** Ends the session on the cluster (every node) and drops the cookie. */
export async function DELETE(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return errorResponse(403, 'FORBIDDEN', 'cross-site request refused');
  const token = readCookie(request.headers.get('cookie'), sessionCookieName);
  let index: number | null = null;
  if (token) {
    try {
      const answer = await clusterGraphql<GraphQLData>(request, signOutDocument, {}, token);
      index = answer.data?.signOut?.index ?? null;
    } catch (error) {
      if (!(error instanceof NoNodeReachableError)) throw error;
    }
  }
  const response = Response.json({ index });
  response.headers.append('set-cookie', clearedSessionCookie({ secure: isSecure(request) }));
  return response;
}
