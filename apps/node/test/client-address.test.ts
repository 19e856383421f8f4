// Goal: the sign-in rate limits key on the real client: the socket's peer, or — only behind a
// trusted proxy such as the web board's server — the address that proxy saw, never an address
// a client wrote into X-Forwarded-For itself.
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../src/client-address.ts';

const proxies = new Set(['127.0.0.1']);

function request(peer: string, forwardedFor?: string) {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as Parameters<typeof clientAddress>[0];
}

describe('clientAddress', () => {
  it('is the socket peer when the peer is not a trusted proxy, whatever the header says', () => {
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), proxies)).toBe('203.0.113.7');
  });

  it('is the address a trusted proxy saw, the rightmost untrusted hop', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.9'), proxies)).toBe('198.51.100.9');
    expect(clientAddress(request('::ffff:127.0.0.1', 'forged, 198.51.100.9'), proxies)).toBe(
      '198.51.100.9',
    );
    expect(clientAddress(request('127.0.0.1', '198.51.100.9, 127.0.0.1'), proxies)).toBe(
      '198.51.100.9',
    );
  });

  it('falls back to the proxy itself when it forwards no usable address', () => {
    expect(clientAddress(request('127.0.0.1'), proxies)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', 'not-an-address'), proxies)).toBe('127.0.0.1');
  });
});
