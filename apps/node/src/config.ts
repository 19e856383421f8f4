import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import type { OidcSettings } from '@raftboard/schema/auth/oidc';
import { parseAllowedTarget } from '@raftboard/schema/integrations/webhook-target';
import { isExactOrigin } from '@raftboard/schema/trusted-origins';
import type { SmtpSettings } from './outbox/email-sender.ts';

/** One cluster member as the peer list names it: `id=host:port`. */
export interface PeerAddress {
  id: string;
  host: string;
  port: number;
}

/** Everything a node process needs to start, validated. */
export interface NodeConfig {
  nodeId: string;
  /**
   * Address both servers listen on (`--host`). Default: this node's own address in `--peers`
   * when that is an IP address, else every interface (0.0.0.0).
   */
  host: string;
  /**
   * Host name or address other members and the web board reach this node at, recorded in the
   * replicated members table (`--advertise-host`). Default: this node's own entry in `--peers`.
   * Never 0.0.0.0, and never loopback while any peer is elsewhere.
   */
  advertiseHost: string;
  /** Public HTTP port: GraphQL, health, status, metrics. */
  httpPort: number;
  /** Socket.IO port for Raft traffic between members. */
  peerPort: number;
  /** Every voting member of the initial cluster, this node included. */
  peers: PeerAddress[];
  /** This node's own database, e.g. mysql://root@127.0.0.1:3306/raftboard_n1. */
  databaseUrl: string;
  /** Shared by all members; a peer must present it before any Raft message is accepted. */
  clusterSecret: string;
  /** Lower bound of the randomized election timeout; the upper bound is twice this. */
  electionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** How often the driver ticks the Raft core; timeouts are whole numbers of ticks. */
  tickIntervalMs: number;
  /** Bound on one proposal or read as the API waits for it; past it the API says UNAVAILABLE. */
  requestTimeoutMs: number;
  /** Snapshot the board and compact the log once this many applied entries are in it... */
  snapshotThresholdEntries: number;
  /** ...or once its entries hold this many MiB (the log is mirrored in memory). */
  snapshotThresholdMib: number;
  /**
   * Browser origins (`http://127.0.0.1:3000`) granted CORS with credentials on GraphQL and
   * downloads, and allowed to open the GraphQL WebSocket. Default: none.
   */
  trustedOrigins: string[];
  /**
   * Addresses of proxies (the web board's server) whose `X-Forwarded-For` names the real
   * client, for the sign-in rate limits. Default: none (the socket's peer is the client).
   */
  trustedProxies: string[];
  /**
   * Start outside the cluster and wait to be added as a learner (`RAFTBOARD_JOIN=1`): the node
   * does not bootstrap the configured peers as voters.
   */
  join: boolean;
  /** Test-only fault injection endpoint (`RAFTBOARD_FAULT_INJECTION=1`); never on by default. */
  faultInjection: boolean;
  /**
   * PEM files of the certificate and key the public port serves HTTPS (HTTP/2 and HTTP/1.1)
   * with (`--tls-cert`, `--tls-key`); null serves plain HTTP.
   */
  tls: TlsFiles | null;
  /**
   * Mutual TLS between peers (`--peer-ca`, `--peer-cert`, `--peer-key`): this node presents
   * its certificate and accepts only peers whose certificate the CA signed for their node id.
   * Null keeps peer traffic in clear text (the HMAC handshake still authenticates it).
   */
  peerTls: PeerTlsFiles | null;
  /** How the leader delivers webhooks. */
  webhooks: WebhookSettings;
  /** How often the leader proposes `schedule.tick` (recurring tasks, due reminders). */
  scheduleTickMs: number;
  /** Where email goes; null when no relay is configured (then no email is sent). */
  smtp: SmtpSettings | null;
  /** The OpenID provider people may sign in with; null (no issuer given) turns it off. */
  oidc: OidcSettings | null;
}

/** Webhook delivery settings. */
export interface WebhookSettings {
  /**
   * Addresses and ranges (`127.0.0.1`, `10.0.0.0/8`) webhooks may reach although they are
   * private, loopback or link-local (`--webhook-allowed-targets`). Default: none.
   */
  allowedTargets: string[];
  /** Wait before the first retry; each next one doubles, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Bound on one attempt (`--webhook-timeout-ms`). */
  timeoutMs: number;
}

/** Paths of a PEM certificate and its private key. */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** Paths of the cluster CA's certificate and this node's PEM certificate and key. */
export interface PeerTlsFiles extends TlsFiles {
  ca: string;
}

/** The configuration is missing a setting or has an invalid one; the message names it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const clusterSecretLengthMin = 16;

interface Setting {
  flag: string;
  env: string;
}

const settings = {
  nodeId: { flag: 'id', env: 'RAFTBOARD_NODE_ID' },
  host: { flag: 'host', env: 'RAFTBOARD_HOST' },
  advertiseHost: { flag: 'advertise-host', env: 'RAFTBOARD_ADVERTISE_HOST' },
  httpPort: { flag: 'http-port', env: 'RAFTBOARD_HTTP_PORT' },
  peerPort: { flag: 'peer-port', env: 'RAFTBOARD_PEER_PORT' },
  peers: { flag: 'peers', env: 'RAFTBOARD_PEERS' },
  databaseUrl: { flag: 'database-url', env: 'DATABASE_URL' },
  clusterSecret: { flag: 'cluster-secret', env: 'RAFTBOARD_CLUSTER_SECRET' },
  electionTimeoutMs: { flag: 'election-timeout-ms', env: 'RAFTBOARD_ELECTION_TIMEOUT_MS' },
  heartbeatIntervalMs: { flag: 'heartbeat-interval-ms', env: 'RAFTBOARD_HEARTBEAT_INTERVAL_MS' },
  tickIntervalMs: { flag: 'tick-interval-ms', env: 'RAFTBOARD_TICK_INTERVAL_MS' },
  requestTimeoutMs: { flag: 'request-timeout-ms', env: 'RAFTBOARD_REQUEST_TIMEOUT_MS' },
  snapshotThresholdEntries: {
    flag: 'snapshot-threshold-entries',
    env: 'RAFTBOARD_SNAPSHOT_THRESHOLD_ENTRIES',
  },
  snapshotThresholdMib: { flag: 'snapshot-threshold-mib', env: 'RAFTBOARD_SNAPSHOT_THRESHOLD_MIB' },
  trustedOrigins: { flag: 'trusted-origins', env: 'RAFTBOARD_TRUSTED_ORIGINS' },
  trustedProxies: { flag: 'trusted-proxies', env: 'RAFTBOARD_TRUSTED_PROXIES' },
  tlsCert: { flag: 'tls-cert', env: 'RAFTBOARD_TLS_CERT' },
  tlsKey: { flag: 'tls-key', env: 'RAFTBOARD_TLS_KEY' },
  peerCa: { flag: 'peer-ca', env: 'RAFTBOARD_PEER_CA' },
  peerCert: { flag: 'peer-cert', env: 'RAFTBOARD_PEER_CERT' },
  peerKey: { flag: 'peer-key', env: 'RAFTBOARD_PEER_KEY' },
  webhookAllowedTargets: {
    flag: 'webhook-allowed-targets',
    env: 'RAFTBOARD_WEBHOOK_ALLOWED_TARGETS',
  },
  webhookRetryBaseMs: { flag: 'webhook-retry-base-ms', env: 'RAFTBOARD_WEBHOOK_RETRY_BASE_MS' },
  webhookRetryMaxMs: { flag: 'webhook-retry-max-ms', env: 'RAFTBOARD_WEBHOOK_RETRY_MAX_MS' },
  webhookTimeoutMs: { flag: 'webhook-timeout-ms', env: 'RAFTBOARD_WEBHOOK_TIMEOUT_MS' },
  scheduleTickMs: { flag: 'schedule-tick-ms', env: 'RAFTBOARD_SCHEDULE_TICK_MS' },
  smtpUrl: { flag: 'smtp-url', env: 'RAFTBOARD_SMTP_URL' },
  smtpFrom: { flag: 'smtp-from', env: 'RAFTBOARD_SMTP_FROM' },
  boardUrl: { flag: 'board-url', env: 'RAFTBOARD_BOARD_URL' },
  oidcIssuer: { flag: 'oidc-issuer', env: 'RAFTBOARD_OIDC_ISSUER' },
  oidcClientId: { flag: 'oidc-client-id', env: 'RAFTBOARD_OIDC_CLIENT_ID' },
  oidcClientSecret: { flag: 'oidc-client-secret', env: 'RAFTBOARD_OIDC_CLIENT_SECRET' },
  oidcRedirectUrl: { flag: 'oidc-redirect-url', env: 'RAFTBOARD_OIDC_REDIRECT_URL' },
  oidcName: { flag: 'oidc-name', env: 'RAFTBOARD_OIDC_NAME' },
} satisfies Record<string, Setting>;

function describe(setting: Setting) {
  return `--${setting.flag} (${setting.env})`;
}

function fail(setting: Setting, problem: string): never {
  throw new ConfigError(`invalid configuration: ${describe(setting)} ${problem}`);
}

function parseInteger(setting: Setting, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    fail(setting, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

const nodeIdPattern = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,31}$/;

/** Parses `n1=127.0.0.1:7101,n2=127.0.0.1:7102`; ids must be unique. */
export function parsePeers(raw: string): PeerAddress[] {
  const peers: PeerAddress[] = [];
  for (const item of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([^=]+)=(.+):(\d+)$/.exec(item);
    if (!match) fail(settings.peers, `has ${JSON.stringify(item)}; expected id=host:port`);
    const [, id = '', host = '', port = ''] = match;
    if (!nodeIdPattern.test(id))
      fail(settings.peers, `has an invalid node id ${JSON.stringify(id)}`);
    if (peers.some((peer) => peer.id === id)) fail(settings.peers, `names ${id} twice`);
    peers.push({ id, host, port: parseInteger(settings.peers, port, 1, 65_535) });
  }
  if (peers.length === 0) fail(settings.peers, 'is empty; list every member as id=host:port');
  return peers;
}

/** Parses `http://127.0.0.1:3000,https://board.example.com`; empty means none. */
export function parseTrustedOrigins(raw: string): string[] {
  const origins = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!isExactOrigin(origin)) {
      fail(
        settings.trustedOrigins,
        `has ${JSON.stringify(origin)}; expected an origin as browsers send it, ` +
          'like http://127.0.0.1:3000 (scheme://host[:port], lower case, no path or slash)',
      );
    }
  }
  return [...new Set(origins)];
}

/** Parses `127.0.0.1,::1`: IP addresses (no ranges, no names); empty means none. */
export function parseTrustedProxies(raw: string): string[] {
  const addresses = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const address of addresses) {
    if (isIP(address) === 0) {
      fail(settings.trustedProxies, `has ${JSON.stringify(address)}; expected an IP address`);
    }
  }
  return [...new Set(addresses)];
}

/** Parses `127.0.0.1,10.0.0.0/8`: IP addresses or CIDR ranges; empty means none. */
export function parseWebhookAllowedTargets(raw: string): string[] {
  const targets = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const target of targets) {
    if (parseAllowedTarget(target) === null) {
      fail(
        settings.webhookAllowedTargets,
        `has ${JSON.stringify(target)}; expected an IP address or range like 10.0.0.0/8`,
      );
    }
  }
  return [...new Set(targets)];
}

function smtpSettings(raw: Raw): SmtpSettings | null {
  const url = raw.smtpUrl;
  if (url === undefined || url === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(settings.smtpUrl, 'must be a URL like smtp://user:password@host:587');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    fail(settings.smtpUrl, 'must start with smtp:// or smtps://');
  }
  const boardUrl = (raw.boardUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(boardUrl)) fail(settings.boardUrl, 'must be an http(s) URL');
  return { url, from: raw.smtpFrom ?? `Raftboard <raftboard@${parsed.hostname}>`, boardUrl };
}

/** Longest sign-in button label. */
const oidcNameLengthMax = 64;

/** An http(s) URL; plain http only on loopback, where no one can listen in. */
function secureUrl(setting: Setting, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(setting, `must be an absolute URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    fail(setting, 'must be an https:// URL (http:// is allowed for loopback hosts only)');
  }
  if (url.hash !== '') fail(setting, 'must not have a #fragment');
  return url;
}

/** The OpenID provider: issuer, client id, secret and redirect URL all given, or none. */
function oidcSettings(raw: Raw): OidcSettings | null {
  const given = allOrNone(raw, [
    'oidcIssuer',
    'oidcClientId',
    'oidcClientSecret',
    'oidcRedirectUrl',
  ]);
  if (given === null) {
    if (raw.oidcName !== undefined)
      fail(settings.oidcIssuer, `is required with ${describe(settings.oidcName)}`);
    return null;
  }
  const issuer = secureUrl(settings.oidcIssuer, given.oidcIssuer);
  if (issuer.search !== '') fail(settings.oidcIssuer, 'must not have a query');
  secureUrl(settings.oidcRedirectUrl, given.oidcRedirectUrl);
  const name = (raw.oidcName ?? 'SSO').trim();
  if (name.length === 0 || name.length > oidcNameLengthMax) {
    fail(settings.oidcName, `must be 1 to ${oidcNameLengthMax} characters`);
  }
  return {
    // As given; discovery checks the provider's metadata names this same issuer.
    issuer: given.oidcIssuer,
    clientId: given.oidcClientId,
    clientSecret: given.oidcClientSecret,
    redirectUrl: given.oidcRedirectUrl,
    name,
  };
}

function webhookSettings(raw: Raw): WebhookSettings {
  const retryBaseMs = parseInteger(
    settings.webhookRetryBaseMs,
    raw.webhookRetryBaseMs ?? '10000',
    10,
    3_600_000,
  );
  return {
    allowedTargets: parseWebhookAllowedTargets(raw.webhookAllowedTargets ?? ''),
    retryBaseMs,
    retryMaxMs: parseInteger(
      settings.webhookRetryMaxMs,
      raw.webhookRetryMaxMs ?? '3600000',
      retryBaseMs,
      86_400_000,
    ),
    timeoutMs: parseInteger(
      settings.webhookTimeoutMs,
      raw.webhookTimeoutMs ?? '10000',
      100,
      120_000,
    ),
  };
}

/** True for 0.0.0.0 and ::, which mean "every interface" and reach nothing when dialled. */
function isUnspecified(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** True for localhost and addresses in 127.0.0.0/8 or ::1: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/**
 * What this node listens on and what it tells the others to dial, as etcd separates
 * --listen-peer-urls from --initial-advertise-peer-urls. A node that advertised its bind
 * address made every other node dial 0.0.0.0 (itself) or loopback (nothing, on real hosts).
 */
function addresses(raw: Raw, self: PeerAddress, peers: readonly PeerAddress[]) {
  const advertiseHost = raw.advertiseHost ?? self.host;
  if (isUnspecified(advertiseHost)) {
    fail(
      raw.advertiseHost ? settings.advertiseHost : settings.peers,
      `gives this node the address ${advertiseHost}, which means "every interface" and is not ` +
        'an address the others can dial; name the host or IP address they reach it at',
    );
  }
  const remote = peers.find((peer) => peer.id !== self.id && !isLoopback(peer.host));
  if (remote && isLoopback(advertiseHost)) {
    fail(
      raw.advertiseHost ? settings.advertiseHost : settings.peers,
      `gives this node the loopback address ${advertiseHost}, but ${remote.id} is at ` +
        `${remote.host}, another machine, which cannot reach it there; advertise an address ` +
        'the other members can reach',
    );
  }
  const host =
    raw.host ?? (isIP(advertiseHost.replace(/^\[|\]$/g, '')) ? advertiseHost : '0.0.0.0');
  return { host: host.replace(/^\[|\]$/g, ''), advertiseHost };
}

type Raw = Partial<Record<keyof typeof settings, string>>;

/** The named settings, all given or none (a certificate without its key, say, is an error). */
function allOrNone<K extends keyof typeof settings>(raw: Raw, keys: K[]): Record<K, string> | null {
  const given = keys.filter((key) => raw[key] !== undefined);
  if (given.length === 0) return null;
  const missing = keys.find((key) => raw[key] === undefined);
  if (missing !== undefined) {
    const alongside = given.map((key) => describe(settings[key])).join(' and ');
    fail(settings[missing], `is required with ${alongside}`);
  }
  return Object.fromEntries(keys.map((key) => [key, raw[key]])) as Record<K, string>;
}

function readRaw(argv: readonly string[], env: NodeJS.ProcessEnv): Raw {
  const options = Object.fromEntries(
    Object.values(settings).map((setting) => [setting.flag, { type: 'string' as const }]),
  );
  const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  const raw: Raw = {};
  for (const [key, setting] of Object.entries(settings) as [keyof typeof settings, Setting][]) {
    // Flags win over the environment.
    const value = (values[setting.flag] as string | undefined) ?? env[setting.env];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return raw;
}

function required(raw: Raw, key: keyof typeof settings): string {
  const value = raw[key];
  if (value === undefined) fail(settings[key], 'is required');
  return value;
}

/**
 * Reads the node's configuration from command-line flags and the environment (flags win).
 * Throws `ConfigError` naming the first missing or invalid setting.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): NodeConfig {
  let raw: Raw;
  try {
    raw = readRaw(argv, env);
  } catch (error) {
    throw new ConfigError(`invalid configuration: ${(error as Error).message}`);
  }
  const nodeId = required(raw, 'nodeId');
  if (!nodeIdPattern.test(nodeId)) fail(settings.nodeId, `must match ${nodeIdPattern.source}`);
  const peerPort = parseInteger(settings.peerPort, required(raw, 'peerPort'), 1, 65_535);
  const peers = parsePeers(required(raw, 'peers'));
  const self = peers.find((peer) => peer.id === nodeId);
  if (!self) fail(settings.peers, `does not include this node (${nodeId})`);
  if (self.port !== peerPort) {
    fail(
      settings.peers,
      `gives ${nodeId} port ${self.port} but ${describe(settings.peerPort)} is ${peerPort}`,
    );
  }
  const databaseUrl = required(raw, 'databaseUrl');
  if (!/^mysql:\/\/[^/]+\/[A-Za-z0-9_]+/.test(databaseUrl)) {
    fail(settings.databaseUrl, 'must be mysql://user[:password]@host[:port]/database');
  }
  const clusterSecret = required(raw, 'clusterSecret');
  if (clusterSecret.length < clusterSecretLengthMin) {
    fail(settings.clusterSecret, `must be at least ${clusterSecretLengthMin} characters`);
  }
  const tickIntervalMs = parseInteger(
    settings.tickIntervalMs,
    raw.tickIntervalMs ?? '10',
    1,
    1_000,
  );
  const electionTimeoutMs = parseInteger(
    settings.electionTimeoutMs,
    raw.electionTimeoutMs ?? '150',
    tickIntervalMs * 3,
    60_000,
  );
  const heartbeatIntervalMs = parseInteger(
    settings.heartbeatIntervalMs,
    raw.heartbeatIntervalMs ?? '50',
    tickIntervalMs,
    60_000,
  );
  if (heartbeatIntervalMs >= electionTimeoutMs) {
    fail(
      settings.heartbeatIntervalMs,
      `must be below the election timeout (${electionTimeoutMs} ms)`,
    );
  }
  return {
    nodeId,
    ...addresses(raw, self, peers),
    httpPort: parseInteger(settings.httpPort, required(raw, 'httpPort'), 1, 65_535),
    peerPort,
    peers,
    databaseUrl,
    clusterSecret,
    electionTimeoutMs,
    heartbeatIntervalMs,
    tickIntervalMs,
    requestTimeoutMs: parseInteger(
      settings.requestTimeoutMs,
      raw.requestTimeoutMs ?? '10000',
      100,
      600_000,
    ),
    snapshotThresholdEntries: parseInteger(
      settings.snapshotThresholdEntries,
      raw.snapshotThresholdEntries ?? '10000',
      10,
      10_000_000,
    ),
    snapshotThresholdMib: parseInteger(
      settings.snapshotThresholdMib,
      raw.snapshotThresholdMib ?? '64',
      1,
      4_096,
    ),
    trustedOrigins: parseTrustedOrigins(raw.trustedOrigins ?? ''),
    trustedProxies: parseTrustedProxies(raw.trustedProxies ?? ''),
    join: env.RAFTBOARD_JOIN === '1',
    faultInjection: env.RAFTBOARD_FAULT_INJECTION === '1',
    ...tlsSettings(raw),
    webhooks: webhookSettings(raw),
    smtp: smtpSettings(raw),
    oidc: oidcSettings(raw),
    scheduleTickMs: parseInteger(
      settings.scheduleTickMs,
      raw.scheduleTickMs ?? '60000',
      100,
      3_600_000,
    ),
  };
}

function tlsSettings(raw: Raw): Pick<NodeConfig, 'tls' | 'peerTls'> {
  const tls = allOrNone(raw, ['tlsCert', 'tlsKey']);
  const peer = allOrNone(raw, ['peerCa', 'peerCert', 'peerKey']);
  return {
    tls: tls && { cert: tls.tlsCert, key: tls.tlsKey },
    peerTls: peer && { ca: peer.peerCa, cert: peer.peerCert, key: peer.peerKey },
  };
}
