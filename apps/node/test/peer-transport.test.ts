// Goal: peers exchange Raft messages only after proving they hold the cluster secret, and
// nothing a stranger or a broken peer sends can reach the core or crash the node.

import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createHandshake, HandshakeVerifier, handshakeFreshnessMs } from '../src/peer/auth.ts';
import { PeerTransport } from '../src/peer/transport.ts';
import { freePort, waitFor } from './support/ports.ts';

interface TestMessage {
  from: string;
  to: string;
  n: number;
}

const secret = 'test-cluster-secret-0123456789';
const logger = createLogger({ nodeId: 'test', quiet: true });
const silent = { ...logger, warn: () => {} };

function parse(frame: unknown): TestMessage | null {
  const m = frame as Partial<TestMessage> | null;
  return typeof m === 'object' &&
    m !== null &&
    typeof m.from === 'string' &&
    typeof m.to === 'string' &&
    typeof m.n === 'number'
    ? { from: m.from, to: m.to, n: m.n }
    : null;
}

const open: { stop(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.stop();
});

/** Answers requests on `chunk` with what it was sent, bytes included; refuses `broken`. */
async function echo(peerId: string, event: string, payload: unknown): Promise<unknown> {
  if (event === 'broken') throw new Error('cannot take that');
  return { from: peerId, payload };
}

async function pair() {
  const [portA, portB] = [await freePort(), await freePort()];
  const peers = [
    { id: 'a', host: '127.0.0.1', port: portA },
    { id: 'b', host: '127.0.0.1', port: portB },
  ];
  const inbox = { a: [] as TestMessage[], b: [] as TestMessage[] };
  const make = (id: 'a' | 'b', port: number) => {
    const transport = new PeerTransport<TestMessage>({
      selfId: id,
      host: '127.0.0.1',
      port,
      secret,
      peers: () => peers,
      parse,
      senderOf: (m) => m.from,
      onMessage: (m) => inbox[id].push(m),
      requestEvents: ['chunk', 'broken'],
      onRequest: echo,
      logger: silent,
    });
    open.push(transport);
    return transport;
  };
  const a = make('a', portA);
  const b = make('b', portB);
  await Promise.all([a.start(), b.start()]);
  await waitFor(() => a.connectedPeers().includes('b') && b.connectedPeers().includes('a'));
  return { a, b, inbox, portA, portB };
}

function rawClient(port: number, auth: object): Socket {
  const socket = connect(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    auth,
    reconnection: false,
  });
  open.push({ stop: () => void socket.close() });
  return socket;
}

async function outcome(socket: Socket): Promise<'connected' | 'refused'> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', () => resolve('refused'));
  });
}

describe('PeerTransport', () => {
  it('delivers messages both ways between authenticated peers', async () => {
    const { a, b, inbox } = await pair();
    for (let n = 0; n < 50; n++) a.send('b', { from: 'a', to: 'b', n });
    b.send('a', { from: 'b', to: 'a', n: 99 });
    await waitFor(() => inbox.b.length === 50 && inbox.a.length === 1);
    expect(inbox.b.map((m) => m.n)).toEqual([...Array(50).keys()]);
    expect(a.counters.sent).toBe(50);
    expect(b.counters.received).toBe(50);
  });

  it('refuses a connection without the secret, with a wrong one, or replayed', async () => {
    const { b, portB } = await pair();
    expect(await outcome(rawClient(portB, {}))).toBe('refused');
    const forged = createHandshake({
      secret: 'not-the-cluster-secret',
      from: 'a',
      to: 'b',
      nowMs: Date.now(),
    });
    expect(await outcome(rawClient(portB, forged))).toBe('refused');
    const genuine = createHandshake({ secret, from: 'a', to: 'b', nowMs: Date.now() });
    expect(await outcome(rawClient(portB, genuine))).toBe('connected');
    expect(await outcome(rawClient(portB, genuine))).toBe('refused');
    expect(b.counters.rejectedHandshakes).toBe(3);
  });

  it('drops garbage frames, unknown events and spoofed senders, and keeps working', async () => {
    const { a, b, inbox, portB } = await pair();
    const intruder = rawClient(
      portB,
      createHandshake({ secret, from: 'a', to: 'b', nowMs: Date.now() }),
    );
    expect(await outcome(intruder)).toBe('connected');
    const garbage = [null, 42, 'hello', [], { from: 'a' }, { from: 'a', to: 'b', n: 'x' }];
    for (const frame of garbage) intruder.emit('raft', frame);
    intruder.emit('raft', { from: 'c', to: 'b', n: 1 }); // authenticated as a, claims c
    intruder.emit('shutdown', { now: true });
    await waitFor(() => b.counters.droppedInbound === garbage.length + 2);
    expect(inbox.b).toEqual([]);

    a.send('b', { from: 'a', to: 'b', n: 7 });
    await waitFor(() => inbox.b.length === 1);
    expect(inbox.b[0]).toEqual({ from: 'a', to: 'b', n: 7 });
  });

  it('drops rather than buffers messages for a peer that is down', async () => {
    const { a, b, inbox } = await pair();
    await b.stop();
    open.splice(open.indexOf(b), 1);
    await waitFor(() => !a.connectedPeers().includes('b'));
    for (let n = 0; n < 10; n++) a.send('b', { from: 'a', to: 'b', n });
    expect(a.counters.droppedOutbound).toBe(10);
    expect(inbox.b).toEqual([]);
  });

  it('applies injected one-way partitions and delays', async () => {
    const { a, b, inbox } = await pair();
    a.setFaults({ dropTo: ['b'], dropFrom: [], delayMs: 0 });
    a.send('b', { from: 'a', to: 'b', n: 1 });
    b.send('a', { from: 'b', to: 'a', n: 2 });
    await waitFor(() => inbox.a.length === 1);
    expect(inbox.b).toEqual([]);

    a.setFaults({ dropTo: [], dropFrom: ['b'], delayMs: 0 });
    b.send('a', { from: 'b', to: 'a', n: 3 });
    await waitFor(() => a.counters.droppedInbound === 1);
    expect(inbox.a.map((m) => m.n)).toEqual([2]);

    a.setFaults({ dropTo: [], dropFrom: [], delayMs: 150 });
    const sentAt = Date.now();
    a.send('b', { from: 'a', to: 'b', n: 4 });
    await waitFor(() => inbox.b.length === 1);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(140);
  });

  it('answers requests (bytes as bytes), returns a refusal as an error, and obeys partitions', async () => {
    const { a, b } = await pair();
    const bytes = Buffer.from([0, 255, 1, 254]);
    const answer = (await a.request('b', 'chunk', { rows: [[1, 'x', bytes, null]] }, 5_000)) as {
      from: string;
      payload: { rows: unknown[][] };
    };
    expect(answer.from).toBe('a');
    expect(answer.payload.rows[0]?.slice(0, 2)).toEqual([1, 'x']);
    expect(Buffer.isBuffer(answer.payload.rows[0]?.[2])).toBe(true);
    expect(answer.payload.rows[0]?.[2]).toEqual(bytes);
    expect(await a.request('b', 'broken', {}, 5_000)).toEqual({ error: 'cannot take that' });

    a.setFaults({ dropTo: ['b'], dropFrom: [], delayMs: 0 });
    await expect(a.request('b', 'chunk', {}, 5_000)).rejects.toThrow(/not reachable/);
    a.setFaults({ dropTo: [], dropFrom: [], delayMs: 0 });
    b.setFaults({ dropTo: [], dropFrom: ['a'], delayMs: 0 });
    await expect(a.request('b', 'chunk', {}, 300)).rejects.toThrow(/timed out/);
  });
});

describe('HandshakeVerifier', () => {
  const verifier = () =>
    new HandshakeVerifier({ secret, selfId: 'b', knownPeers: () => ['a', 'b', 'c'] });
  const now = 1_700_000_000_000;

  it('accepts a fresh handshake from a member, once', () => {
    const v = verifier();
    const handshake = createHandshake({ secret, from: 'a', to: 'b', nowMs: now });
    expect(v.verify(handshake, now + 10)).toEqual({ peerId: 'a' });
    expect(v.verify(handshake, now + 20)).toEqual({ rejected: 'replayed' });
  });

  it.each([
    ['malformed', { from: 'a' }],
    ['unknown-peer', createHandshake({ secret, from: 'z', to: 'b', nowMs: now })],
    ['wrong-target', createHandshake({ secret, from: 'a', to: 'c', nowMs: now })],
    [
      'stale',
      createHandshake({ secret, from: 'a', to: 'b', nowMs: now - handshakeFreshnessMs - 1 }),
    ],
    ['bad-mac', { ...createHandshake({ secret, from: 'a', to: 'b', nowMs: now }), from: 'c' }],
  ])('refuses a %s handshake', (reason, handshake) => {
    expect(verifier().verify(handshake, now)).toEqual({ rejected: reason });
  });
});
