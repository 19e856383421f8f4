// Goal: with TLS, nothing crosses the wire in clear text and only the cluster's own members get
// in: a peer without a certificate the cluster CA signed for its node id is refused before any
// frame is read, a plain-text client gets nothing from a TLS port, and renewed certificates take
// effect on SIGHUP without a restart (issue 15).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as http2Connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { uuidv7 } from '@raftboard/uuidv7';
import { createClient } from 'graphql-ws';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { LocalCluster } from '../src/launch/cluster.ts';
import { requestJson } from '../src/launch/http-client.ts';
import { freeBasePort } from '../src/launch/ports.ts';
import { createLogger } from '../src/logger.ts';
import { createHandshake } from '../src/peer/auth.ts';
import { PeerTransport } from '../src/peer/transport.ts';
import { type DevCertificates, ensureDevCertificates } from '../src/tls/dev-ca.ts';
import { readPeerTls } from '../src/tls/material.ts';
import { testClusterEnv } from './support/cluster-fixture.ts';
import { freePort, waitFor } from './support/ports.ts';

const secret = 'test-cluster-secret-0123456789';
const silent = { ...createLogger({ nodeId: 'test', quiet: true }), warn: () => {} };
let directory: string;
/** The cluster CA and certificates for a, b, c, x (no member) and n1..n3. */
let certificates: DevCertificates;
/** Another CA, with a certificate for b: right name, wrong authority. */
let stranger: DevCertificates;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'raftboard-tls-'));
  certificates = await ensureDevCertificates(join(directory, 'cluster'), [
    'a',
    'b',
    'c',
    'x',
    'n1',
    'n2',
    'n3',
  ]);
  stranger = await ensureDevCertificates(join(directory, 'stranger'), ['b']);
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const pem = (path: string) => readFileSync(path, 'utf8');
const material = (id: string) => {
  const files = certificates.nodes[id];
  if (!files) throw new Error(`no certificate for ${id}`);
  return readPeerTls({ ca: certificates.ca, ...files }, id);
};

/** Serial number of the certificate a TLS server at `port` presents. */
async function servedSerial(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate().serialNumber);
      socket.end();
    });
    socket.on('error', reject);
  });
}

function serialOf(path: string): string {
  return execFileSync('openssl', ['x509', '-in', path, '-noout', '-serial'], { encoding: 'utf8' })
    .trim()
    .replace(/^serial=/, '');
}

describe('mutual TLS between peers', () => {
  const open: { stop(): Promise<void> | void }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.stop();
  });

  /** Members a and b (started) and c (only named); a's inbox. */
  async function members() {
    const [portA, portB, portC] = [await freePort(), await freePort(), await freePort()];
    const peers = [
      { id: 'a', host: '127.0.0.1', port: portA },
      { id: 'b', host: '127.0.0.1', port: portB },
      { id: 'c', host: '127.0.0.1', port: portC },
    ];
    const inbox: { from: string; n: number }[] = [];
    const make = (id: string, port: number) => {
      const transport = new PeerTransport<{ from: string; to: string; n: number }>({
        selfId: id,
        host: '127.0.0.1',
        port,
        secret,
        peers: () => peers,
        parse: (frame) => frame as { from: string; to: string; n: number },
        senderOf: (message) => message.from,
        onMessage: (message) => inbox.push(message),
        logger: silent,
        tls: material(id),
      });
      open.push(transport);
      return transport;
    };
    const a = make('a', portA);
    const b = make('b', portB);
    await Promise.all([a.start(), b.start()]);
    return { a, b, portA, inbox };
  }

  /** Dials a's peer port as `from`, presenting `tls` (or nothing), and says what happened. */
  async function attempt(
    port: number,
    from: string,
    tls: { ca?: string; cert?: string; key?: string },
    scheme = 'https',
  ): Promise<'connected' | 'refused'> {
    const socket: Socket = connectSocket(`${scheme}://127.0.0.1:${port}`, {
      transports: ['websocket'],
      reconnection: false,
      timeout: 5_000,
      ...tls,
      rejectUnauthorized: false,
      auth: createHandshake({ secret, from, to: 'a', nowMs: Date.now() }),
    });
    open.push({ stop: () => void socket.close() });
    return new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
  }

  it('carries messages between members that present their own certificates', async () => {
    const { a, b, inbox } = await members();
    await waitFor(() => a.connectedPeers().includes('b') && b.connectedPeers().includes('a'));
    b.send('a', { from: 'b', to: 'a', n: 1 });
    await waitFor(() => inbox.length === 1);
    expect(inbox[0]).toEqual({ from: 'b', to: 'a', n: 1 });
  });

  it('refuses a peer without a certificate, with one from another CA, or one naming no member', async () => {
    const { a, portA } = await members();
    const ca = pem(certificates.ca);
    const before = a.counters.rejectedHandshakes;
    // The secret is right every time: the certificate alone keeps these out.
    expect(await attempt(portA, 'b', { ca })).toBe('refused');
    const foreign = stranger.nodes.b!;
    expect(await attempt(portA, 'b', { ca, cert: pem(foreign.cert), key: pem(foreign.key) })).toBe(
      'refused',
    );
    const outsider = certificates.nodes.x!;
    expect(
      await attempt(portA, 'b', { ca, cert: pem(outsider.cert), key: pem(outsider.key) }),
    ).toBe('refused');
    // A member's genuine certificate, used to claim to be another member.
    const c = certificates.nodes.c!;
    expect(await attempt(portA, 'b', { ca, cert: pem(c.cert), key: pem(c.key) })).toBe('refused');
    expect(a.counters.rejectedHandshakes - before).toBeGreaterThanOrEqual(4);
    // Its own certificate gets b in.
    const own = certificates.nodes.b!;
    expect(await attempt(portA, 'b', { ca, cert: pem(own.cert), key: pem(own.key) })).toBe(
      'connected',
    );
  });

  it('gives a plain-text client nothing', async () => {
    const { portA } = await members();
    expect(await attempt(portA, 'b', {}, 'http')).toBe('refused');
  });

  it('serves a renewed certificate to new connections after reloadTls, and keeps talking', async () => {
    const { a, b, portA, inbox } = await members();
    const ca = pem(certificates.ca);
    const old = await servedSerial(portA, ca);
    expect(old).toBe(serialOf(certificates.nodes.a!.cert));
    rmSync(certificates.nodes.a!.cert);
    await ensureDevCertificates(join(directory, 'cluster'), ['a']);
    a.reloadTls(material('a'));
    const renewed = await servedSerial(portA, ca);
    expect(renewed).not.toBe(old);
    expect(renewed).toBe(serialOf(certificates.nodes.a!.cert));
    await waitFor(
      () => a.connectedPeers().includes('b') && b.connectedPeers().includes('a'),
      10_000,
    );
    a.send('b', { from: 'a', to: 'b', n: 2 });
    b.send('a', { from: 'b', to: 'a', n: 3 });
    await waitFor(() => inbox.some((message) => message.n === 3));
  });
});

describe('a cluster with --tls', () => {
  let cluster: LocalCluster;
  let ca: string;

  beforeAll(async () => {
    ca = pem(certificates.ca);
    cluster = await LocalCluster.start({
      serverUrl: inject('mysqlServerUrl'),
      nodes: 3,
      basePort: await freeBasePort(3),
      databasePrefix: `tls_${randomUUID().slice(0, 8)}`,
      fresh: true,
      logDirectory: join(directory, 'logs'),
      // Info lines too: the test reads node.started and tls.reloaded.
      env: { ...testClusterEnv, RAFTBOARD_LOG: 'info' },
      tls: certificates,
    });
    await cluster.waitForLeader();
    // Every node up, not only the two a leader needs.
    await cluster.waitConverged(0, 60_000);
  });

  afterAll(async () => {
    await cluster?.stop({ dropDatabases: true });
  });

  /** One GraphQL request over HTTP/2. */
  async function overHttp2(url: string, query: string, token?: string) {
    const session = http2Connect(url, { ca });
    try {
      return await new Promise<{ status: number; body: { data?: Record<string, unknown> } }>(
        (resolve, reject) => {
          const stream = session.request({
            ':method': 'POST',
            ':path': '/graphql',
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          });
          let status = 0;
          let text = '';
          stream.on('response', (headers) => {
            status = Number(headers[':status']);
          });
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => {
            text += chunk;
          });
          stream.on('end', () => resolve({ status, body: JSON.parse(text) }));
          stream.on('error', reject);
          stream.end(JSON.stringify({ query }));
        },
      );
    } finally {
      session.close();
    }
  }

  it('elects a leader over mutual TLS and serves GraphQL over HTTP/2, SSE and graphql-ws', async () => {
    const [first, second] = cluster.nodes;
    expect(first!.url).toMatch(/^https:/);
    const log = readFileSync(join(directory, 'logs', 'n1.log'), 'utf8');
    expect(log).toMatch(/"event":"node.started".*"peer":"mutual TLS on /);

    const email = `tls-${randomUUID()}@example.com`;
    const signUp = await overHttp2(
      first!.url,
      `mutation { signUp(input: { email: "${email}", password: "correct horse battery", name: "T" }) { token } }`,
    );
    expect(signUp.status).toBe(200);
    const token = (signUp.body.data?.signUp as { token: string } | undefined)?.token ?? '';
    expect(token).not.toBe('');
    const project = await overHttp2(
      first!.url,
      `mutation { createProject(input: { name: "Over TLS", requestId: "${uuidv7()}" }) { project { id } index } }`,
      token,
    );
    const answer = project.body.data?.createProject as { project: { id: string } } | undefined;
    const created = { id: answer?.project.id ?? '' };
    expect(created.id).not.toBe('');

    // SSE over HTTPS on another node: the subscription's first event arrives.
    const subscription = `subscription { projectEvents(projectId: "${created.id}", after: 0) { index } }`;
    const firstEvent = await new Promise<string>((resolve, reject) => {
      const outgoing = httpsRequest(
        `${second!.url}/graphql`,
        {
          method: 'POST',
          ca,
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            authorization: `Bearer ${token}`,
          },
        },
        (response) => {
          response.setEncoding('utf8');
          let text = '';
          response.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes('"projectEvents"')) {
              resolve(text);
              outgoing.destroy();
            }
          });
        },
      );
      outgoing.on('error', (error) => {
        if (!outgoing.destroyed) reject(error);
      });
      outgoing.end(JSON.stringify({ query: subscription }));
    });
    expect(firstEvent).toContain('"projectEvents"');

    // graphql-ws over wss, trusting the cluster CA.
    class TrustingWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { ca });
      }
    }
    const client = createClient({
      url: `${second!.url.replace('https', 'wss')}/graphql`,
      webSocketImpl: TrustingWebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const event = await new Promise<unknown>((resolve, reject) => {
      client.subscribe(
        { query: subscription },
        { next: resolve, error: reject, complete: () => {} },
      );
    });
    await client.dispose();
    expect(JSON.stringify(event)).toContain('projectEvents');
  });

  it('gives a plain-text client nothing on the public port', async () => {
    const plain = cluster.nodes[0]!.url.replace('https:', 'http:');
    await expect(requestJson(`${plain}/healthz`, { timeoutMs: 5_000 })).rejects.toThrow();
    const secure = await requestJson(`${cluster.nodes[0]!.url}/healthz`, { ca });
    expect(secure.status).toBe(200);
  });

  it('serves renewed certificates after SIGHUP, without a restart', async () => {
    const node = cluster.nodes[0]!;
    const pid = node.pid;
    const old = await servedSerial(node.spec.httpPort, ca);
    rmSync(certificates.nodes.n1!.cert);
    await ensureDevCertificates(join(directory, 'cluster'), ['n1']);
    const next = serialOf(certificates.nodes.n1!.cert);
    expect(next).not.toBe(old);
    process.kill(pid!, 'SIGHUP');
    await waitFor(
      () => readFileSync(join(directory, 'logs', 'n1.log'), 'utf8').includes('"tls.reloaded"'),
      10_000,
    );
    expect(await servedSerial(node.spec.httpPort, ca)).toBe(next);
    expect(node.pid).toBe(pid);
    // Its peers take the renewed certificate too: the cluster still agrees.
    await cluster.waitForLeader();
    await cluster.waitConverged(0, 30_000);
  });
});
