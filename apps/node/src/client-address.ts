import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Entries of an `X-Forwarded-For` header read at most (from the right). */
const forwardedHopsMax = 16;

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is `127.0.0.1`. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The address a request really came from, the key of the sign-in rate limits. It is the socket's
 * peer, unless that peer is a trusted proxy (such as the web board's server, which forwards
 * every browser's requests): then it is the rightmost `X-Forwarded-For` entry that is not itself
 * a trusted proxy. Entries left of that were written by the client and prove nothing.
 */
export function clientAddress(
  request: Pick<IncomingMessage, 'headers' | 'socket'>,
  trustedProxies: ReadonlySet<string>,
): string | undefined {
  const peer = request.socket.remoteAddress;
  if (peer === undefined || !trustedProxies.has(plainAddress(peer))) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => isIP(hop) !== 0)
    .slice(-forwardedHopsMax);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop !== undefined && !trustedProxies.has(hop)) return hop;
  }
  return peer;
}
