import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Peer authentication. A connecting node proves it knows the cluster secret without sending
 * it: the handshake carries HMAC-SHA256(secret, from|to|timestamp|nonce). The receiver checks
 * the MAC, that it is addressed to itself, that the timestamp is fresh, and that the nonce was
 * not seen before (so a captured handshake cannot be replayed).
 */
export interface PeerHandshake {
  from: string;
  to: string;
  timestampMs: number;
  nonce: string;
  mac: string;
}

/** How far a handshake's clock may be from ours; also how long nonces are remembered. */
export const handshakeFreshnessMs = 60_000;
/** Bound on remembered nonces; beyond it the oldest are forgotten (they are stale by then). */
const seenNoncesMax = 10_000;

function mac(secret: string, fields: Omit<PeerHandshake, 'mac'>): string {
  return createHmac('sha256', secret)
    .update(`${fields.from}|${fields.to}|${fields.timestampMs}|${fields.nonce}`)
    .digest('base64url');
}

/** Builds the handshake node `from` presents when it connects to node `to`. */
export function createHandshake(options: {
  secret: string;
  from: string;
  to: string;
  nowMs: number;
}): PeerHandshake {
  const fields = {
    from: options.from,
    to: options.to,
    timestampMs: options.nowMs,
    nonce: randomBytes(16).toString('base64url'),
  };
  return { ...fields, mac: mac(options.secret, fields) };
}

/** Why a handshake was refused, for logs and counters. */
export type HandshakeRejection =
  | 'malformed'
  | 'unknown-peer'
  | 'wrong-target'
  | 'stale'
  | 'bad-mac'
  | 'replayed';

/** Verifies handshakes for one node; remembers nonces to refuse replays. */
export class HandshakeVerifier {
  private readonly seenNonces = new Map<string, number>();

  constructor(
    private readonly options: {
      secret: string;
      selfId: string;
      knownPeers: () => Iterable<string>;
    },
  ) {}

  /** The authenticated peer id, or why the handshake is refused. Never throws. */
  verify(value: unknown, nowMs: number): { peerId: string } | { rejected: HandshakeRejection } {
    if (!isHandshake(value)) return { rejected: 'malformed' };
    if (!new Set(this.options.knownPeers()).has(value.from)) return { rejected: 'unknown-peer' };
    if (value.to !== this.options.selfId) return { rejected: 'wrong-target' };
    if (Math.abs(nowMs - value.timestampMs) > handshakeFreshnessMs) return { rejected: 'stale' };
    const expected = Buffer.from(mac(this.options.secret, value));
    const actual = Buffer.from(value.mac);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return { rejected: 'bad-mac' };
    }
    this.forgetStaleNonces(nowMs);
    if (this.seenNonces.has(value.nonce)) return { rejected: 'replayed' };
    this.seenNonces.set(value.nonce, value.timestampMs);
    return { peerId: value.from };
  }

  private forgetStaleNonces(nowMs: number) {
    for (const [nonce, timestampMs] of this.seenNonces) {
      const stale = nowMs - timestampMs > handshakeFreshnessMs * 2;
      if (!stale && this.seenNonces.size < seenNoncesMax) break;
      this.seenNonces.delete(nonce);
    }
  }
}

function isHandshake(value: unknown): value is PeerHandshake {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.from === 'string' &&
    record.from.length <= 64 &&
    typeof record.to === 'string' &&
    record.to.length <= 64 &&
    typeof record.timestampMs === 'number' &&
    Number.isFinite(record.timestampMs) &&
    typeof record.nonce === 'string' &&
    record.nonce.length <= 64 &&
    typeof record.mac === 'string' &&
    record.mac.length <= 128
  );
}
