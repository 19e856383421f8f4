// Goal: the sealed OpenID Connect state opens only unchanged, unexpired, under the same cluster
// secret and provider configuration; and a return path never leaves the board.
import { describe, expect, it } from 'vitest';
import { OidcSignIn, safeReturnTo } from '../src/auth/oidc.ts';
import { type OidcFlowState, SealedStateError, StateSealer } from '../src/auth/sealed-state.ts';

const secret = 'a-long-enough-cluster-secret';
const context = 'https://sso.example.com\nraftboard';
const flow: OidcFlowState = {
  codeVerifier: 'v'.repeat(43),
  nonce: 'n'.repeat(43),
  returnTo: '/projects/1/board',
  expiresAtMs: 1_000_000,
};

function reasonOf(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof SealedStateError ? error.reason : String(error);
  }
}

describe('StateSealer', () => {
  it('opens what any sealer with the same secret and context sealed, and hides it', () => {
    const sealed = new StateSealer(secret, context).seal(flow);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(Buffer.from(flow.codeVerifier).toString('base64url'));
    expect(new StateSealer(secret, context).open(sealed, 999_999)).toEqual(flow);
    // Two seals of one state differ (fresh IV), so states cannot be compared or correlated.
    expect(new StateSealer(secret, context).seal(flow)).not.toBe(sealed);
  });

  it('refuses a changed byte, another secret, another provider, expiry and junk', () => {
    const sealer = new StateSealer(secret, context);
    const sealed = sealer.seal(flow);
    const bytes = Buffer.from(sealed, 'base64url');
    for (const index of [0, 12, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[index] = (changed[index] ?? 0) ^ 1;
      expect(reasonOf(() => sealer.open(changed.toString('base64url'), 0))).toBe('forged');
    }
    expect(reasonOf(() => new StateSealer(`${secret}x`, context).open(sealed, 0))).toBe('forged');
    const other = new StateSealer(secret, 'https://sso.example.com\nanother-client');
    expect(reasonOf(() => other.open(sealed, 0))).toBe('forged');
    expect(reasonOf(() => sealer.open(sealed, flow.expiresAtMs))).toBe('expired');
    expect(reasonOf(() => sealer.open('not base64!', 0))).toBe('malformed');
    expect(reasonOf(() => sealer.open('AAAA', 0))).toBe('malformed');
    expect(reasonOf(() => sealer.open('A'.repeat(4_000), 0))).toBe('malformed');
  });
});

describe('safeReturnTo', () => {
  it('keeps paths on the board and turns everything else into /', () => {
    expect(safeReturnTo('/projects/1/board?view=list')).toBe('/projects/1/board?view=list');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'projects']) {
      expect(safeReturnTo(bad)).toBe('/');
    }
    expect(safeReturnTo('/x\r\nSet-Cookie: a=b')).toBe('/');
    expect(safeReturnTo(`/${'a'.repeat(600)}`)).toBe('/');
  });
});

describe('OidcSignIn', () => {
  it('keys identities by issuer, within what user.linkOAuth accepts', () => {
    const settings = {
      issuer: 'https://sso.example.com',
      clientId: 'raftboard',
      clientSecret: 'secret',
      redirectUrl: 'https://board.example.com/api/auth/oidc/callback',
      name: 'SSO',
    };
    const key = new OidcSignIn(settings, secret).providerKey;
    expect(key).toMatch(/^[a-z0-9-]{1,32}$/);
    expect(new OidcSignIn(settings, 'another-cluster-secret').providerKey).toBe(key);
    const other = new OidcSignIn({ ...settings, issuer: 'https://other.example.com' }, secret);
    expect(other.providerKey).not.toBe(key);
  });

  it('says clearly when the provider cannot be discovered, without holding anything up', async () => {
    const unreachable = new OidcSignIn(
      {
        issuer: 'http://127.0.0.1:9',
        clientId: 'raftboard',
        clientSecret: 'secret',
        redirectUrl: 'http://127.0.0.1:3000/api/auth/oidc/callback',
        name: 'SSO',
      },
      secret,
    );
    await expect(unreachable.begin('/', Date.now())).rejects.toThrow(
      /the sign-in provider at http:\/\/127\.0\.0\.1:9 could not be discovered/,
    );
  });
});
