import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Where a webhook may be sent: one checked address of its host, to connect to as it is. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** The URL names a host the guard refuses (or cannot resolve); the message says which. */
export class WebhookTargetRefused extends Error {
  override readonly name = 'WebhookTargetRefused';
}

/**
 * Ranges no webhook reaches unless an operator allows them: this host, private networks,
 * link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, benchmarking,
 * documentation, multicast and reserved space, and their IPv6 counterparts.
 */
const refusedRanges: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

/** An address or range an operator allows: `127.0.0.1`, `10.0.0.0/8`, `::1/128`. */
export function parseAllowedTarget(text: string): { address: string; prefix: number } | null {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return null;
  const bits = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(bits)) || prefix > bits) return null;
  return { address, prefix };
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as its IPv4 address; others unchanged. */
function unmapped(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], type: 'ipv4' };
  return { address, type: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * The SSRF guard for webhooks: a URL is sent to only when every address its host resolves to
 * is public, or inside a range the operator allowed (`RAFTBOARD_WEBHOOK_ALLOWED_TARGETS`). The
 * sender connects to the address checked here, never resolving again, so a DNS answer that
 * changes between check and connect (rebinding) cannot steer it inside.
 */
export class WebhookTargetGuard {
  private readonly refused = new BlockList();
  private readonly allowed = new BlockList();

  constructor(
    allowedTargets: readonly string[] = [],
    private readonly resolve: (host: string) => Promise<{ address: string; family: number }[]> = (
      host,
    ) => lookup(host, { all: true, verbatim: true }),
  ) {
    for (const [address, prefix, type] of refusedRanges) {
      this.refused.addSubnet(address, prefix, type);
    }
    for (const text of allowedTargets) {
      const range = parseAllowedTarget(text);
      if (!range) throw new Error(`not an IP address or range: ${JSON.stringify(text)}`);
      this.allowed.addSubnet(
        range.address,
        range.prefix,
        isIP(range.address) === 4 ? 'ipv4' : 'ipv6',
      );
    }
  }

  /** Whether the guard lets this one address through. */
  permits(address: string): boolean {
    const { address: plain, type } = unmapped(address);
    return this.allowed.check(plain, type) || !this.refused.check(plain, type);
  }

  /**
   * The checked target of `url`; throws `WebhookTargetRefused` for a scheme other than
   * http(s), credentials in the URL, a host that does not resolve, or any refused address.
   */
  async check(url: string): Promise<WebhookTarget> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new WebhookTargetRefused('not a URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new WebhookTargetRefused('a webhook URL is http or https');
    }
    if (parsed.username !== '' || parsed.password !== '') {
      throw new WebhookTargetRefused('a webhook URL carries no user name or password');
    }
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: { address: string; family: number }[];
    try {
      addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await this.resolve(host);
    } catch (error) {
      throw new WebhookTargetRefused(`${host} does not resolve (${(error as Error).message})`);
    }
    const first = addresses[0];
    if (!first) throw new WebhookTargetRefused(`${host} does not resolve`);
    const blocked = addresses.find((entry) => !this.permits(entry.address));
    if (blocked) {
      const what = blocked.address === host ? host : `${host} is ${blocked.address}, which`;
      throw new WebhookTargetRefused(
        `${what} is a private, loopback or reserved address; an operator may allow it with ` +
          'RAFTBOARD_WEBHOOK_ALLOWED_TARGETS',
      );
    }
    return { url: parsed, address: first.address, family: first.family === 6 ? 6 : 4 };
  }
}
