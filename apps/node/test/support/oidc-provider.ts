import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person the test provider knows: `login` is what they type in its form. */
export interface TestAccount {
  login: string;
  email: string;
  emailVerified: boolean;
  name: string;
  preferredUsername?: string;
}

/** A real OpenID provider (oidc-provider) on 127.0.0.1 with one confidential client. */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Subject (`sub`) the provider gives an account: stable, and not its email. */
  subjectOf(login: string): string;
  close(): Promise<void>;
}

const clientId = 'raftboard-test';
const clientSecret = 'raftboard-test-client-secret-0123456789';
/** Bound on the redirects one programmatic sign-in follows. */
const redirectsMax = 12;

/**
 * Starts oidc-provider on a random port of 127.0.0.1: authorization code only, PKCE required,
 * client_secret_basic, ID tokens signed with a fresh RS256 key, and its own minimal interaction
 * pages: a login form (any password; the login picks the account) and consent granted at once.
 */
export async function startTestOidcProvider(options: {
  /** The client's redirect URIs; a function is asked on the first request (when they are known). */
  redirectUris: string[] | (() => string[]);
  accounts: TestAccount[];
}): Promise<TestOidcProvider> {
  const byLogin = new Map(options.accounts.map((account) => [account.login, account]));
  const subjectOf = (login: string) => `subject-${login}`;
  const bySubject = new Map(options.accounts.map((account) => [subjectOf(account.login), account]));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig' };
  const redirectUris = options.redirectUris;
  const configuration = (): Configuration => ({
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: typeof redirectUris === 'function' ? redirectUris() : redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3_600,
      Grant: 3_600,
    },
    jwks: { keys: [signingKey as never] },
    cookies: { keys: ['raftboard-test-provider-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = bySubject.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
          preferred_username: account.preferredUsername ?? account.login,
        }),
      };
    },
  });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let provider: Provider | null = null;
  let callback: ReturnType<Provider['callback']> | null = null;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    provider ??= new Provider(issuer, configuration());
    callback ??= provider.callback();
    if (!request.url?.startsWith('/interaction/')) {
      void callback(request, response);
      return;
    }
    interact(provider, byLogin, subjectOf, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  return {
    issuer,
    clientId,
    clientSecret,
    subjectOf,
    close: () => closeServer(server),
  };
}

/** The provider's interaction pages: a login form, its submission, and consent granted. */
async function interact(
  provider: Provider,
  byLogin: Map<string, TestAccount>,
  subjectOf: (login: string) => string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (details.prompt.name === 'login') {
    if (request.method === 'POST') {
      const form = new URLSearchParams(await bodyOf(request));
      const account = byLogin.get(form.get('login') ?? '');
      if (!account) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(loginPage(details.uid, 'Unknown login'));
        return;
      }
      await provider.interactionFinished(request, response, {
        login: { accountId: subjectOf(account.login) },
      });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(loginPage(details.uid, null));
    return;
  }
  // Consent: grant what the client asked for, at once.
  const accountId = details.session?.accountId;
  if (!accountId) throw new Error('consent without a session');
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  if (!grant) throw new Error('grant vanished');
  grant.addOIDCScope(String(details.params.scope));
  const missingClaims = details.prompt.details.missingOIDCClaims;
  if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims as string[]);
  const grantId = await grant.save();
  await provider.interactionFinished(
    request,
    response,
    { consent: { grantId } },
    {
      mergeWithLastSubmission: true,
    },
  );
}

function loginPage(uid: string, problem: string | null): string {
  return `<!doctype html><html><head><title>Test provider sign-in</title></head><body>
<h1>Test provider</h1>${problem ? `<p role="alert">${problem}</p>` : ''}
<form method="post" action="/interaction/${uid}">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in at provider</button>
</form></body></html>`;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** One browser's cookies at the provider (by name; its paths are ignored, which only widens). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) this.cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Plays a browser through the provider: opens `authorizationUrl`, follows redirects with a
 * cookie jar, submits the login form as `login`, and stops at the first redirect to
 * `redirectUrl` (the relying party's callback), whose query it returns (code, state, iss).
 */
export async function authorizeAs(options: {
  authorizationUrl: string;
  redirectUrl: string;
  login: string;
}): Promise<URLSearchParams> {
  const jar = new CookieJar();
  let url = options.authorizationUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < redirectsMax; hop++) {
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (location !== null) {
      const next = new URL(location, url);
      if (next.href.startsWith(options.redirectUrl)) return next.searchParams;
      url = next.href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) {
      throw new Error(`the provider answered ${response.status} at ${url}: ${html.slice(0, 300)}`);
    }
    url = new URL(action, url).href;
    method = 'POST';
    body = new URLSearchParams({ login: options.login, password: 'any' }).toString();
  }
  throw new Error(`no redirect to ${options.redirectUrl} after ${redirectsMax} hops`);
}
