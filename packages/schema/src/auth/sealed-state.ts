import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** AES-256-GCM: a 12-byte IV and a 16-byte tag around the ciphertext. */
const ivBytes = 12;
const tagBytes = 16;
const keyBytes = 32;
/** Longest sealed value `open` looks at (a state is ~300 characters; this bounds the work). */
export const sealedStateLengthMax = 2_048;

/** What an OpenID Connect sign-in carries from its start to its callback, on no node's disk. */
export interface OidcFlowState {
  /** PKCE `code_verifier` (RFC 7636); only its S256 challenge went to the provider. */
  codeVerifier: string;
  /** The ID token must carry this `nonce`. */
  nonce: string;
  /** Where the board sends the browser afterwards: a path on the board, never another origin. */
  returnTo: string;
  /** The state is refused from this instant on (milliseconds since the epoch). */
  expiresAtMs: number;
}

/** Why a sealed state was refused; the message never says more than that it is bad or old. */
export class SealedStateError extends Error {
  override readonly name = 'SealedStateError';
  constructor(readonly reason: 'malformed' | 'forged' | 'expired') {
    super(
      reason === 'expired' ? 'the sign-in took too long; start again' : 'invalid sign-in state',
    );
  }
}

/**
 * Seals sign-in state with AES-256-GCM under a key derived (HKDF-SHA256) from the cluster
 * secret, which every member shares: the callback may land on any node and opens what another
 * sealed, while a client can neither read the PKCE verifier nor change a byte. `context` (the
 * issuer and client id) is authenticated too, so a state minted for one provider configuration
 * is refused by another.
 *
 * Invariant: a value `open` accepts was produced by `seal` with the same secret and context.
 */
export class StateSealer {
  private readonly key: Buffer;

  constructor(
    clusterSecret: string,
    private readonly context: string,
  ) {
    this.key = Buffer.from(
      hkdfSync('sha256', clusterSecret, 'raftboard', 'oidc-state aes-256-gcm v1', keyBytes),
    );
  }

  /** The state as one base64url string (safe in a URL, a cookie and a GraphQL string). */
  seal(state: OidcFlowState): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: tagBytes });
    cipher.setAAD(Buffer.from(this.context, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The state inside `sealed`, checked for integrity and expiry at `nowMs`. */
  open(sealed: string, nowMs: number): OidcFlowState {
    if (sealed.length > sealedStateLengthMax || !/^[A-Za-z0-9_-]+$/.test(sealed)) {
      throw new SealedStateError('malformed');
    }
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= ivBytes + tagBytes) throw new SealedStateError('malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, ivBytes), {
      authTagLength: tagBytes,
    });
    decipher.setAAD(Buffer.from(this.context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    let plain: string;
    try {
      const body = bytes.subarray(ivBytes, bytes.length - tagBytes);
      plain = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedStateError('forged');
    }
    const state = parseState(plain);
    if (nowMs >= state.expiresAtMs) throw new SealedStateError('expired');
    return state;
  }
}

function parseState(plain: string): OidcFlowState {
  // Authentic, so written by `seal`; checked anyway so a key reused elsewhere cannot confuse it.
  const value = JSON.parse(plain) as Partial<OidcFlowState> | null;
  const { codeVerifier, nonce, returnTo, expiresAtMs } = value ?? {};
  if (
    typeof codeVerifier !== 'string' ||
    typeof nonce !== 'string' ||
    typeof returnTo !== 'string' ||
    typeof expiresAtMs !== 'number'
  ) {
    throw new SealedStateError('malformed');
  }
  return { codeVerifier, nonce, returnTo, expiresAtMs };
}
