// Goal: a node starts only with a complete, valid configuration, and a bad one fails with a
// message that names the setting to fix.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parsePeers } from '../src/config.ts';

const env = {
  RAFTBOARD_NODE_ID: 'n1',
  RAFTBOARD_HTTP_PORT: '7001',
  RAFTBOARD_PEER_PORT: '7101',
  RAFTBOARD_PEERS: 'n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103',
  DATABASE_URL: 'mysql://root@127.0.0.1:3306/raftboard_n1',
  RAFTBOARD_CLUSTER_SECRET: 'a-long-enough-cluster-secret',
};

describe('loadConfig', () => {
  it('reads the environment and applies timing defaults', () => {
    const config = loadConfig([], env);
    expect(config).toMatchObject({
      nodeId: 'n1',
      host: '127.0.0.1',
      httpPort: 7001,
      peerPort: 7101,
      electionTimeoutMs: 150,
      heartbeatIntervalMs: 50,
      tickIntervalMs: 10,
      faultInjection: false,
    });
    expect(config.peers.map((peer) => peer.id)).toEqual(['n1', 'n2', 'n3']);
  });

  it('lets flags win over the environment', () => {
    const config = loadConfig(['--http-port', '8001', '--election-timeout-ms=300'], env);
    expect(config.httpPort).toBe(8001);
    expect(config.electionTimeoutMs).toBe(300);
  });

  it('trusts no origin by default and reads a comma-separated list', () => {
    expect(loadConfig([], env).trustedOrigins).toEqual([]);
    const origins = 'http://127.0.0.1:3000, https://board.example.com';
    expect(loadConfig([`--trusted-origins=${origins}`], env).trustedOrigins).toEqual([
      'http://127.0.0.1:3000',
      'https://board.example.com',
    ]);
  });

  it('trusts no proxy by default, reads IP addresses, and names a bad one', () => {
    expect(loadConfig([], env).trustedProxies).toEqual([]);
    const proxies = loadConfig(['--trusted-proxies=127.0.0.1, ::1'], env).trustedProxies;
    expect(proxies).toEqual(['127.0.0.1', '::1']);
    expect(() => loadConfig(['--trusted-proxies=localhost'], env)).toThrow(
      /--trusted-proxies \(RAFTBOARD_TRUSTED_PROXIES\) has "localhost"; expected an IP address/,
    );
  });

  it('turns fault injection on only through its environment flag', () => {
    expect(loadConfig([], { ...env, RAFTBOARD_FAULT_INJECTION: '1' }).faultInjection).toBe(true);
    expect(loadConfig([], { ...env, RAFTBOARD_FAULT_INJECTION: 'yes' }).faultInjection).toBe(false);
  });

  it.each([
    [{ RAFTBOARD_NODE_ID: undefined }, '--id (RAFTBOARD_NODE_ID) is required'],
    [{ RAFTBOARD_HTTP_PORT: 'http' }, '--http-port (RAFTBOARD_HTTP_PORT) must be a whole number'],
    [{ RAFTBOARD_HTTP_PORT: '70000' }, '--http-port (RAFTBOARD_HTTP_PORT) must be a whole number'],
    [{ RAFTBOARD_PEERS: 'n2=127.0.0.1:7102' }, 'does not include this node (n1)'],
    [{ RAFTBOARD_PEER_PORT: '7109' }, 'gives n1 port 7101 but --peer-port'],
    [{ RAFTBOARD_CLUSTER_SECRET: 'short' }, 'at least 16 characters'],
    [{ DATABASE_URL: 'postgres://x/y' }, '--database-url (DATABASE_URL) must be mysql://'],
    [{ RAFTBOARD_HEARTBEAT_INTERVAL_MS: '200' }, 'must be below the election timeout'],
    [
      { RAFTBOARD_TRUSTED_ORIGINS: 'http://127.0.0.1:3000/' },
      '--trusted-origins (RAFTBOARD_TRUSTED_ORIGINS) has "http://127.0.0.1:3000/"',
    ],
    [{ RAFTBOARD_TRUSTED_ORIGINS: '*' }, '--trusted-origins (RAFTBOARD_TRUSTED_ORIGINS) has "*"'],
  ])('rejects %o with a message naming the setting', (override, message) => {
    expect(() => loadConfig([], { ...env, ...override })).toThrow(ConfigError);
    expect(() => loadConfig([], { ...env, ...override })).toThrow(message);
  });

  it('rejects an unknown flag instead of ignoring it', () => {
    expect(() => loadConfig(['--htp-port', '1'], env)).toThrow(/invalid configuration.*htp-port/);
  });
});

describe('parsePeers', () => {
  it('rejects malformed and duplicate members', () => {
    expect(() => parsePeers('n1=127.0.0.1')).toThrow('expected id=host:port');
    expect(() => parsePeers('n1=a:1,n1=b:2')).toThrow('names n1 twice');
    expect(() => parsePeers(' , ')).toThrow('is empty');
  });
});
