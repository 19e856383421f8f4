// Goal: against a real OpenID provider (oidc-provider, in-process) and three real nodes, a
// sign-in begun on one node completes on another (the flow lives in the sealed state, not in a
// node's memory); a verified email links to and signs into the existing account, a new person
// gets an account, an unverified email is refused and links nothing; a forged, expired, or
// other browser's state is refused.
import { randomUUID } from 'node:crypto';
import { closeDatabase, openDatabase } from '@raftboard/db/client';
import { oauthIdentitiesOfUser } from '@raftboard/db/queries/auth';
import { oidcStateLifetimeMs } from '@raftboard/schema/auth/oidc';
import { StateSealer } from '@raftboard/schema/auth/sealed-state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawId } from '../src/client/board.ts';
import { GraphqlRequestError, graphql } from '../src/client/graphql.ts';
import { TestCluster } from './support/cluster-fixture.ts';
import {
  authorizeAs,
  startTestOidcProvider,
  type TestOidcProvider,
} from './support/oidc-provider.ts';

const redirectUrl = 'http://127.0.0.1:9/api/auth/oidc/callback';
const run = randomUUID().slice(0, 8);
const accounts = {
  verified: { email: `ada-${run}@example.com`, emailVerified: true, name: 'Ada Provider' },
  newcomer: { email: `new-${run}@example.com`, emailVerified: true, name: 'Nia Newcomer' },
  unverified: { email: `bob-${run}@example.com`, emailVerified: false, name: 'Not Bob' },
};

let provider: TestOidcProvider;
let cluster: TestCluster;
let urls: string[];
const existing: Record<'ada' | 'bob', { token: string; userId: string }> = {} as never;

const begin = `mutation ($input: BeginOidcSignInInput) {
  beginOidcSignIn(input: $input) { authorizationUrl state } }`;
const complete = `mutation ($input: CompleteOidcSignInInput!) {
  completeOidcSignIn(input: $input) {
    outcome returnTo session { token index user { id username email name } } } }`;

interface Completed {
  outcome: string;
  returnTo: string;
  session: {
    token: string;
    index: number;
    user: { id: string; username: string; email: string; name: string };
  };
}

async function start(url: string, returnTo = '/projects') {
  const data = await graphql<{ beginOidcSignIn: { authorizationUrl: string; state: string } }>(
    url,
    begin,
    { input: { returnTo } },
  );
  return data.beginOidcSignIn;
}

/** Begins on `beginUrl`, signs in at the provider as `login`, and returns the callback. */
async function authorize(beginUrl: string, login: string) {
  const { authorizationUrl, state } = await start(beginUrl);
  const callback = await authorizeAs({ authorizationUrl, redirectUrl, login });
  return { state, callback };
}

function finish(
  url: string,
  callback: URLSearchParams,
  overrides: { state?: string; browserState?: string } = {},
) {
  const state = overrides.state ?? callback.get('state') ?? '';
  const input = {
    code: callback.get('code'),
    state,
    iss: callback.get('iss'),
    browserState: overrides.browserState ?? state,
  };
  return graphql<{ completeOidcSignIn: Completed }>(url, complete, { input }).then(
    (data) => data.completeOidcSignIn,
  );
}

async function refusal(work: Promise<unknown>): Promise<GraphqlRequestError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GraphqlRequestError);
  return error as GraphqlRequestError;
}

async function identitiesOf(userId: string) {
  const db = openDatabase(cluster.nodes[0]?.spec.databaseUrl ?? '', { connectionLimit: 1 });
  try {
    return await oauthIdentitiesOfUser(db, rawId(userId));
  } finally {
    await closeDatabase(db);
  }
}

beforeAll(async () => {
  provider = await startTestOidcProvider({
    redirectUris: [redirectUrl],
    accounts: Object.entries(accounts).map(([login, account]) => ({ login, ...account })),
  });
  cluster = await TestCluster.start({
    prefix: 'oidc',
    nodes: 3,
    env: {
      RAFTBOARD_OIDC_ISSUER: provider.issuer,
      RAFTBOARD_OIDC_CLIENT_ID: provider.clientId,
      RAFTBOARD_OIDC_CLIENT_SECRET: provider.clientSecret,
      RAFTBOARD_OIDC_REDIRECT_URL: redirectUrl,
      RAFTBOARD_OIDC_NAME: 'Test SSO',
    },
  });
  urls = cluster.nodes.map((node) => cluster.url(node.spec.id));
  for (const [key, email] of [
    ['ada', accounts.verified.email],
    ['bob', accounts.unverified.email],
  ] as const) {
    const { signUp } = await graphql<{ signUp: { token: string; user: { id: string } } }>(
      urls[0] ?? '',
      'mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }',
      { input: { email, password: 'correct horse battery staple', name: key } },
    );
    existing[key] = { token: signUp.token, userId: signUp.user.id };
  }
});

afterAll(async () => {
  await cluster?.stop();
  await provider?.close();
});

describe('sign-in with OpenID Connect across nodes', () => {
  it('names the provider on every node', async () => {
    for (const url of urls) {
      const data = await graphql<{ signInProviders: { name: string }[] }>(
        url,
        '{ signInProviders { name } }',
      );
      expect(data.signInProviders).toEqual([{ name: 'Test SSO' }]);
    }
  });

  it('links a verified email to the existing account, begun on one node, done on another', async () => {
    const [first = '', second = '', third = ''] = urls;
    const { callback } = await authorize(first, 'verified');
    expect(callback.get('iss')).toBe(provider.issuer);
    const done = await finish(second, callback);
    expect(done.outcome).toBe('LINKED');
    expect(done.returnTo).toBe('/projects');
    expect(done.session.user.id).toBe(existing.ada.userId);
    expect(done.session.token).toMatch(/^rbs_/);
    // The session is an ordinary one: any node knows it once it applied its index.
    // (The first read waits, anonymously, until the third node applied the session.)
    const meQuery = 'query ($i: Int) { me(minIndex: $i) { id } }';
    await graphql(third, meQuery, { i: done.session.index });
    const me = await graphql<{ me: { id: string } }>(
      third,
      meQuery,
      {},
      {
        token: done.session.token,
      },
    );
    expect(me.me.id).toBe(existing.ada.userId);
    expect(await identitiesOf(existing.ada.userId)).toHaveLength(1);

    // Next time the identity is known: the same account, no second link.
    const again = await authorize(third, 'verified');
    const signedIn = await finish(first, again.callback);
    expect(signedIn.outcome).toBe('SIGNED_IN');
    expect(signedIn.session.user.id).toBe(existing.ada.userId);
    expect(await identitiesOf(existing.ada.userId)).toHaveLength(1);
  });

  it('makes an account for a new person, with a username from the provider', async () => {
    const { callback } = await authorize(urls[1] ?? '', 'newcomer');
    const done = await finish(urls[2] ?? '', callback);
    expect(done.outcome).toBe('SIGNED_UP');
    expect(done.session.user).toMatchObject({
      email: accounts.newcomer.email,
      name: 'Nia Newcomer',
      username: 'newcomer',
    });
    expect(await identitiesOf(done.session.user.id)).toHaveLength(1);
    // The account has no password: password sign-in cannot reach it.
    const error = await refusal(
      graphql(
        urls[0] ?? '',
        'mutation ($input: SignInInput!) { signIn(input: $input) { token } }',
        {
          input: { email: accounts.newcomer.email, password: 'correct horse battery staple' },
        },
      ),
    );
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unverified email that matches an account, and links nothing', async () => {
    const { callback } = await authorize(urls[2] ?? '', 'unverified');
    const error = await refusal(finish(urls[0] ?? '', callback));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/not verified/);
    expect(await identitiesOf(existing.bob.userId)).toEqual([]);
  });

  it('refuses a state changed by the client', async () => {
    const { callback } = await authorize(urls[0] ?? '', 'verified');
    const state = callback.get('state') ?? '';
    const flipped = state.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${state.slice(0, -2)}${flipped}${state.slice(-1)}`;
    const error = await refusal(finish(urls[1] ?? '', callback, { state: forged }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/invalid sign-in state/);
  });

  it('refuses an expired state', async () => {
    const { callback } = await authorize(urls[0] ?? '', 'verified');
    // Sealed with the cluster's key and context, as a node would have ten minutes ago.
    const sealer = new StateSealer(
      cluster.cluster.clusterSecret,
      `${provider.issuer}\n${provider.clientId}`,
    );
    const expired = sealer.seal({
      codeVerifier: 'v'.repeat(43),
      nonce: 'n'.repeat(43),
      returnTo: '/',
      expiresAtMs: Date.now() - 1,
    });
    expect(oidcStateLifetimeMs).toBe(600_000);
    const error = await refusal(finish(urls[2] ?? '', callback, { state: expired }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/took too long/);
  });

  it('refuses the state of a flow another browser began (login CSRF)', async () => {
    // The attacker's flow reaches the provider's callback; the victim's browser holds its own.
    const attacker = await authorize(urls[0] ?? '', 'newcomer');
    const victim = await start(urls[1] ?? '');
    const error = await refusal(
      finish(urls[2] ?? '', attacker.callback, { browserState: victim.state }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/another browser/);
  });

  it('refuses a code with the state of another flow (PKCE and nonce bind them)', async () => {
    const first = await authorize(urls[0] ?? '', 'newcomer');
    const other = await start(urls[0] ?? '');
    const error = await refusal(finish(urls[1] ?? '', first.callback, { state: other.state }));
    expect(error.code).toBe('UNAUTHENTICATED');
  });
});
