import { createHash, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { type OidcFlowState, SealedStateError, StateSealer } from './sealed-state.ts';

/** An OpenID provider as the node's operator configured it (RAFTBOARD_OIDC_*). */
export interface OidcSettings {
  /** Issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The web board's callback URL, registered at the provider as a redirect URI. */
  redirectUrl: string;
  /** What the sign-in button says after "Sign in with". */
  name: string;
}

/** How long a started sign-in may take before its state is refused. */
export const oidcStateLifetimeMs = 10 * 60 * 1000;
/** Bound on discovery and on each later request to the provider (token, userinfo, keys). */
export const oidcRequestTimeoutMs = 10_000;
/** Longest return path a sign-in carries. */
const returnToLengthMax = 512;
/** Scopes asked for: the subject, the email with its verification, a name. */
const scopes = 'openid email profile';

/** Why a sign-in through the provider was refused; `message` is safe to show the person. */
export class OidcSignInError extends Error {
  override readonly name = 'OidcSignInError';
  constructor(
    readonly reason: 'stateInvalid' | 'stateExpired' | 'browser' | 'provider' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** What the provider vouched for, after every check passed. */
export interface OidcIdentity {
  /** The provider's stable id of the person (`sub`). */
  subject: string;
  /** Lower-cased; null when the provider gave none. */
  email: string | null;
  /** True only when the provider said `email_verified: true` (a string "true" is not). */
  emailVerified: boolean;
  preferredUsername: string | null;
  displayName: string | null;
}

/** A path on the board to return to, or `/` for anything else (another origin, `//host`). */
export function safeReturnTo(raw: string | null | undefined): string {
  if (typeof raw !== 'string' || raw.length > returnToLengthMax) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  return raw;
}

function sameSecret(left: string, right: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(left), digest(right));
}

/**
 * Sign-in with one OpenID provider: authorization code with PKCE (S256), a nonce, and the
 * flow's secrets carried in the sealed `state` (sealed-state.ts), so that no node remembers a
 * flow and the callback may reach any member. The provider is discovered on first use, not at
 * node start, with a timeout; a failed discovery is retried by the next sign-in.
 */
export class OidcSignIn {
  /** Key of this provider's identities in `oauth_identities` (`oidc-` + issuer hash). */
  readonly providerKey: string;
  private readonly sealer: StateSealer;
  private configuration: Promise<client.Configuration> | null = null;

  constructor(
    readonly settings: OidcSettings,
    clusterSecret: string,
  ) {
    const issuerHash = createHash('sha256').update(settings.issuer).digest('hex');
    this.providerKey = `oidc-${issuerHash.slice(0, 16)}`;
    this.sealer = new StateSealer(clusterSecret, `${settings.issuer}\n${settings.clientId}`);
  }

  /** The provider's authorization URL for a new flow, and its sealed state. */
  async begin(
    returnTo: string,
    nowMs: number,
  ): Promise<{ authorizationUrl: string; state: string }> {
    const config = await this.discovered();
    const flow: OidcFlowState = {
      codeVerifier: client.randomPKCECodeVerifier(),
      nonce: client.randomNonce(),
      returnTo: safeReturnTo(returnTo),
      expiresAtMs: nowMs + oidcStateLifetimeMs,
    };
    const state = this.sealer.seal(flow);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: scopes,
      code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce: flow.nonce,
    });
    return { authorizationUrl: url.href, state };
  }

  /**
   * Completes a flow from the provider's redirect. Refuses, in this order: a `state` that is not
   * the one the browser's cookie holds (`browserState`, login CSRF), one that is forged or
   * expired, then whatever openid-client refuses: the code exchange with the PKCE verifier,
   * the ID token's signature (against the provider's keys), issuer, audience, nonce and expiry.
   */
  async complete(
    input: { state: string; code: string; iss: string | null; browserState: string },
    nowMs: number,
  ): Promise<{ identity: OidcIdentity; returnTo: string }> {
    if (!sameSecret(input.state, input.browserState)) {
      throw new OidcSignInError(
        'browser',
        'this sign-in was started in another browser or tab; start it again here',
      );
    }
    let flow: OidcFlowState;
    try {
      flow = this.sealer.open(input.state, nowMs);
    } catch (error) {
      if (error instanceof SealedStateError) {
        const reason = error.reason === 'expired' ? 'stateExpired' : 'stateInvalid';
        throw new OidcSignInError(reason, error.message);
      }
      throw error;
    }
    const config = await this.discovered();
    const callback = new URL(this.settings.redirectUrl);
    callback.searchParams.set('code', input.code);
    callback.searchParams.set('state', input.state);
    if (input.iss !== null) callback.searchParams.set('iss', input.iss);
    const identity = await providerCall(async () => {
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedNonce: flow.nonce,
        expectedState: input.state,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new OidcSignInError('provider', 'the provider sent no ID token');
      let merged: Record<string, unknown> = { ...claims };
      if (typeof claims.email !== 'string' && config.serverMetadata().userinfo_endpoint) {
        // fetchUserInfo checks that the answer is about the ID token's subject.
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        merged = { ...info, ...claims };
      }
      return identityFrom(claims.sub, merged);
    });
    return { identity, returnTo: flow.returnTo };
  }

  private discovered(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = null;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    const execute = [client.enableNonRepudiationChecks];
    // config.ts allows plain HTTP for loopback issuers only (development and tests).
    if (issuer.protocol === 'http:') execute.push(client.allowInsecureRequests);
    try {
      return await client.discovery(
        issuer,
        this.settings.clientId,
        { client_secret: this.settings.clientSecret },
        client.ClientSecretBasic(this.settings.clientSecret),
        { execute, timeout: oidcRequestTimeoutMs / 1000 },
      );
    } catch (error) {
      throw new OidcSignInError(
        'unavailable',
        `the sign-in provider at ${this.settings.issuer} could not be discovered ` +
          `(within ${oidcRequestTimeoutMs / 1000} s): ${describe(error)}`,
      );
    }
  }
}

function identityFrom(subject: string, claims: Record<string, unknown>): OidcIdentity {
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() ? value.trim() : null;
  return {
    subject,
    email: text(claims.email)?.toLowerCase() ?? null,
    emailVerified: claims.email_verified === true,
    preferredUsername: text(claims.preferred_username),
    displayName: text(claims.name),
  };
}

/** Runs requests to the provider, turning its refusals and network failures into our errors. */
async function providerCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OidcSignInError) throw error;
    if (
      error instanceof client.ResponseBodyError ||
      error instanceof client.AuthorizationResponseError ||
      error instanceof client.ClientError
    ) {
      throw new OidcSignInError(
        'provider',
        `the provider's answer was refused: ${describe(error)}`,
      );
    }
    throw new OidcSignInError('unavailable', `the sign-in provider failed: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  if (
    error instanceof client.ResponseBodyError ||
    error instanceof client.AuthorizationResponseError
  ) {
    return error.error_description ? `${error.error}: ${error.error_description}` : error.error;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
