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

  describe('listen and advertise addresses', () => {
    const hosts = {
      ...env,
      RAFTBOARD_PEERS: 'n1=10.0.0.1:7101,n2=10.0.0.2:7101,n3=db-3.example.com:7101',
      RAFTBOARD_PEER_PORT: '7101',
    };

    it('advertises its own entry in --peers and listens on it by default', () => {
      expect(loadConfig([], hosts)).toMatchObject({ host: '10.0.0.1', advertiseHost: '10.0.0.1' });
      expect(loadConfig([], env)).toMatchObject({ host: '127.0.0.1', advertiseHost: '127.0.0.1' });
    });

    it('listens on every interface while still advertising an address the others can dial', () => {
      expect(loadConfig(['--host', '0.0.0.0'], hosts)).toMatchObject({
        host: '0.0.0.0',
        advertiseHost: '10.0.0.1',
      });
      const named = { ...hosts, RAFTBOARD_NODE_ID: 'n3' };
      expect(loadConfig([], named)).toMatchObject({
        host: '0.0.0.0',
        advertiseHost: 'db-3.example.com',
      });
      expect(loadConfig(['--advertise-host', 'node-1.internal'], hosts).advertiseHost).toBe(
        'node-1.internal',
      );
    });

    it('refuses to advertise every interface or loopback to peers on other machines', () => {
      expect(() => loadConfig(['--advertise-host', '0.0.0.0'], hosts)).toThrow(
        /--advertise-host \(RAFTBOARD_ADVERTISE_HOST\) gives this node the address 0\.0\.0\.0, which means "every interface"/,
      );
      const zero = { ...hosts, RAFTBOARD_PEERS: 'n1=0.0.0.0:7101,n2=10.0.0.2:7101' };
      expect(() => loadConfig([], zero)).toThrow(/--peers \(RAFTBOARD_PEERS\) gives this node/);
      expect(() => loadConfig(['--advertise-host', '127.0.0.1'], hosts)).toThrow(
        /loopback address 127\.0\.0\.1, but n2 is at 10\.0\.0\.2, another machine/,
      );
      const mixed = { ...hosts, RAFTBOARD_PEERS: 'n1=localhost:7101,n2=10.0.0.2:7101' };
      expect(() => loadConfig([], mixed)).toThrow(/loopback address localhost/);
    });
  });

  describe('sign-in with OpenID Connect', () => {
    const oidc = {
      ...env,
      RAFTBOARD_OIDC_ISSUER: 'https://sso.example.com',
      RAFTBOARD_OIDC_CLIENT_ID: 'raftboard',
      RAFTBOARD_OIDC_CLIENT_SECRET: 'client-secret',
      RAFTBOARD_OIDC_REDIRECT_URL: 'https://board.example.com/api/auth/oidc/callback',
    };

    it('is off without an issuer, and on with all four settings', () => {
      expect(loadConfig([], env).oidc).toBeNull();
      expect(loadConfig([], { ...oidc, RAFTBOARD_OIDC_NAME: 'Acme SSO' }).oidc).toEqual({
        issuer: 'https://sso.example.com',
        clientId: 'raftboard',
        clientSecret: 'client-secret',
        redirectUrl: 'https://board.example.com/api/auth/oidc/callback',
        name: 'Acme SSO',
      });
      expect(loadConfig([], oidc).oidc?.name).toBe('SSO');
    });

    it('stops a half-configured provider, naming the missing setting', () => {
      const { RAFTBOARD_OIDC_CLIENT_SECRET: _, ...noSecret } = oidc;
      expect(() => loadConfig([], noSecret)).toThrow(
        /--oidc-client-secret \(RAFTBOARD_OIDC_CLIENT_SECRET\) is required with --oidc-issuer/,
      );
      const { RAFTBOARD_OIDC_ISSUER: __, ...noIssuer } = oidc;
      expect(() => loadConfig([], noIssuer)).toThrow(
        /--oidc-issuer \(RAFTBOARD_OIDC_ISSUER\) is required with --oidc-client-id/,
      );
      expect(() => loadConfig([], { ...env, RAFTBOARD_OIDC_NAME: 'Acme SSO' })).toThrow(
        /--oidc-issuer \(RAFTBOARD_OIDC_ISSUER\) is required with --oidc-name/,
      );
    });

    it('wants https, except on loopback, and a label of sensible length', () => {
      expect(() =>
        loadConfig([], { ...oidc, RAFTBOARD_OIDC_ISSUER: 'http://sso.example.com' }),
      ).toThrow(/--oidc-issuer \(RAFTBOARD_OIDC_ISSUER\) must be an https:\/\/ URL/);
      const local = { ...oidc, RAFTBOARD_OIDC_ISSUER: 'http://127.0.0.1:4000' };
      expect(loadConfig([], local).oidc?.issuer).toBe('http://127.0.0.1:4000');
      expect(() => loadConfig([], { ...oidc, RAFTBOARD_OIDC_REDIRECT_URL: '/callback' })).toThrow(
        /--oidc-redirect-url \(RAFTBOARD_OIDC_REDIRECT_URL\) must be an absolute URL/,
      );
      expect(() => loadConfig([], { ...oidc, RAFTBOARD_OIDC_NAME: 'x'.repeat(65) })).toThrow(
        /--oidc-name \(RAFTBOARD_OIDC_NAME\) must be 1 to 64 characters/,
      );
    });
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
