import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createTlsServer, type Server as HttpsServer } from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { Server, type Socket } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import type { PeerAddress } from '../config.ts';
import { type Logger, rateLimited } from '../logger.ts';
import { certificateNames, type PeerTlsMaterial } from '../tls/material.ts';
import { createHandshake, HandshakeVerifier } from './auth.ts';
import { noFaults, type PeerFaults } from './faults.ts';

/** The one Socket.IO event that carries Raft messages between members. */
const raftEvent = 'raft';
/** Inbound frames larger than this close the connection (engine.io's maxHttpBufferSize). */
export const peerFrameBytesMax = 8 * 1024 * 1024;
const reconnectDelayMs = 100;
const reconnectDelayMsMax = 1_000;
/**
 * `peer.unreachable` is logged once a peer has been unreachable this long (not for peers that
 * are still starting beside us), then again every `unreachableLogEveryMs` while it lasts.
 */
const unreachableGraceMs = 2_000;
const unreachableLogEveryMs = 10_000;

/** An outbound connection as the node's status shows it. */
export interface PeerConnection {
  id: string;
  /** Where this node dials it: `host:port`. */
  address: string;
  connected: boolean;
  /** Why the last attempt failed (refused, timed out, our handshake refused), while not connected. */
  error: string | null;
}

/** One outbound connection and what its attempts have met. */
interface Outbound {
  address: string;
  socket: ClientSocket;
  error: string | null;
  /** When `peer.unreachable` was last logged for it (0: not since it was last connected). */
  loggedAtMs: number;
  unreachableSinceMs: number | null;
  /** Between a failed or dropped connection and socket.io's next attempt: no attempt in flight. */
  backingOff: boolean;
}

/**
 * A connect_error as one short phrase. engine.io reports a failed WebSocket as "websocket
 * error" and keeps the socket's own error (connect ECONNREFUSED host:port) in `description`.
 */
function connectErrorText(error: Error & { description?: unknown }): string {
  if (error.message === 'unauthorized') return 'the peer refused our handshake (cluster secret?)';
  const description = error.description as { message?: unknown; error?: unknown } | undefined;
  if (typeof description?.message === 'string' && description.message !== '') {
    return description.message;
  }
  if (description?.error instanceof Error) return description.error.message;
  return error.message;
}

/** Counters the node exports as metrics. */
export interface TransportCounters {
  sent: number;
  received: number;
  /** Outgoing messages dropped: peer not connected, unknown peer, or an injected fault. */
  droppedOutbound: number;
  /** Incoming frames dropped: malformed, spoofed sender, unknown event, or an injected fault. */
  droppedInbound: number;
  /** Connections refused at the handshake. */
  rejectedHandshakes: number;
}

export interface PeerTransportOptions<M> {
  selfId: string;
  host: string;
  port: number;
  secret: string;
  /** The current members' addresses (membership can change at run time). */
  peers: () => readonly PeerAddress[];
  /** Validates a frame; null drops it. Must never throw. */
  parse: (frame: unknown) => M | null;
  /** The sender a message claims; it must match the authenticated peer. */
  senderOf: (message: M) => string;
  /** Receives valid messages. Must only enqueue: the driver steps the core at its own pace. */
  onMessage: (message: M) => void;
  /**
   * Events peers may call with `request` beside Raft messages (bulk transfers that need an
   * answer per part), each answered by `onRequest`.
   */
  requestEvents?: readonly string[];
  /** Answers a peer's `request`; a rejection goes back as `{ error }`. */
  onRequest?: (peerId: string, event: string, payload: unknown) => Promise<unknown>;
  /**
   * Our connection to a peer dropped without us closing it (a crashed process closes its
   * sockets at once). Must only enqueue, like `onMessage`.
   */
  onPeerLost?: (peerId: string) => void;
  logger: Logger;
  /** Clock for handshakes; injectable so tests can present stale ones. */
  nowMs?: () => number;
  /**
   * Mutual TLS: listen with this certificate and accept only peers presenting one the CA signed
   * for a member's node id; dial with it and accept only a peer whose certificate names the
   * member dialled. Absent: clear text (the HMAC handshake still authenticates every peer).
   */
  tls?: PeerTlsMaterial;
}

/** The TLS options both ends use; the CA is the only one trusted. */
function tlsContext(material: PeerTlsMaterial) {
  return {
    ca: material.ca,
    cert: material.cert,
    key: material.key,
    minVersion: 'TLSv1.3' as const,
  };
}

/**
 * One-way Raft messaging between cluster members over Socket.IO (websocket only). Each node
 * listens on its peer port for authenticated inbound connections and holds one outbound
 * connection per peer. Sending never buffers for a disconnected peer: Raft retries by itself.
 */
export class PeerTransport<M> {
  readonly counters: TransportCounters = {
    sent: 0,
    received: 0,
    droppedOutbound: 0,
    droppedInbound: 0,
    rejectedHandshakes: 0,
  };
  private faults: PeerFaults = noFaults;
  private readonly httpServer: HttpServer | HttpsServer;
  private tls: PeerTlsMaterial | null;
  private readonly server: Server;
  private readonly outbound = new Map<string, Outbound>();
  private readonly verifier: HandshakeVerifier;
  private readonly warnDrop: ReturnType<typeof rateLimited>;
  private readonly nowMs: () => number;

  constructor(private readonly options: PeerTransportOptions<M>) {
    this.nowMs = options.nowMs ?? Date.now;
    this.tls = options.tls ?? null;
    this.httpServer = this.tls ? this.createTlsServer(this.tls) : createServer();
    this.warnDrop = rateLimited(options.logger, { first: 5, every: 1_000 });
    this.verifier = new HandshakeVerifier({
      secret: options.secret,
      selfId: options.selfId,
      knownPeers: () => options.peers().map((peer) => peer.id),
    });
    this.server = new Server(this.httpServer, {
      transports: ['websocket'],
      serveClient: false,
      maxHttpBufferSize: peerFrameBytesMax,
    });
    this.server.use((socket, next) => {
      const result = this.verifier.verify(socket.handshake.auth, this.nowMs());
      if ('rejected' in result) {
        this.counters.rejectedHandshakes++;
        this.warnDrop('peer.handshake-rejected', {
          reason: result.rejected,
          address: socket.handshake.address,
        });
        next(new Error('unauthorized'));
        return;
      }
      const certified = this.certifiedAs(socket.request.socket);
      if (certified !== null && !certified.includes(result.peerId)) {
        // The secret is right but the certificate belongs to another member.
        this.counters.rejectedHandshakes++;
        this.warnDrop('peer.handshake-rejected', {
          reason: 'certificate-names-another-member',
          claimed: result.peerId,
          certificate: certified,
          address: socket.handshake.address,
        });
        next(new Error('unauthorized'));
        return;
      }
      socket.data.peerId = result.peerId;
      next();
    });
    this.server.on('connection', (socket) => this.accept(socket));
  }

  /**
   * The peer server with mutual TLS. A client without a certificate the CA signed fails the TLS
   * handshake itself; one whose certificate names no current member is cut off as soon as the
   * handshake completes, before the socket has read a byte of HTTP, let alone a frame.
   */
  private createTlsServer(material: PeerTlsMaterial): HttpsServer {
    const server = createTlsServer({
      ...tlsContext(material),
      requestCert: true,
      rejectUnauthorized: true,
    });
    server.prependListener('secureConnection', (socket: TLSSocket) => {
      const names = certificateNames(socket.getPeerCertificate());
      const members = this.options.peers().map((peer) => peer.id);
      if (names.some((name) => members.includes(name) && name !== this.options.selfId)) return;
      this.counters.rejectedHandshakes++;
      this.warnDrop('peer.certificate-rejected', {
        reason: 'names-no-member',
        certificate: names,
        address: socket.remoteAddress,
      });
      socket.destroy();
    });
    server.on('tlsClientError', (error, socket) => {
      this.counters.rejectedHandshakes++;
      this.warnDrop('peer.certificate-rejected', {
        reason: error.message,
        address: socket.remoteAddress,
      });
    });
    return server;
  }

  /** Names in the certificate a peer presented on `socket`, or null without TLS. */
  private certifiedAs(socket: unknown): string[] | null {
    if (this.tls === null) return null;
    const peer = (socket as Partial<TLSSocket>).getPeerCertificate?.();
    return peer ? certificateNames(peer) : [];
  }

  /**
   * New certificates (SIGHUP): new inbound connections get them at once, and every outbound
   * connection is dialled again with them. Established inbound connections go on until they
   * close. Only between TLS and TLS: turning TLS on or off needs a restart.
   */
  reloadTls(material: PeerTlsMaterial): void {
    if (this.tls === null) throw new Error('peer TLS is off; start the node with --peer-ca');
    this.tls = material;
    (this.httpServer as HttpsServer).setSecureContext(tlsContext(material));
    for (const [id, connection] of this.outbound) this.redial(id, connection);
  }

  /** Starts listening on the peer port and connecting to every other member. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(this.options.port, this.options.host, () => resolve());
    });
    this.refreshPeers();
  }

  /** Opens connections to new members and closes those to removed ones. */
  refreshPeers(): void {
    const current = new Map(
      this.options
        .peers()
        .filter((peer) => peer.id !== this.options.selfId)
        .map((peer) => [peer.id, `${peer.host}:${peer.port}`]),
    );
    for (const [id, connection] of this.outbound) {
      if (current.get(id) !== connection.address) {
        connection.socket.close();
        this.outbound.delete(id);
      }
    }
    for (const [id, address] of current) {
      if (!this.outbound.has(id)) this.outbound.set(id, this.dial(id, address));
    }
  }

  /** Sends one message to `to`, or drops it (counted) when that peer is not connected. */
  send(to: string, message: M): void {
    if (this.faults.dropTo.includes(to)) {
      this.counters.droppedOutbound++;
      return;
    }
    const connection = this.outbound.get(to);
    if (!connection?.socket.connected) {
      this.counters.droppedOutbound++;
      return;
    }
    const emit = () => {
      connection.socket.emit(raftEvent, message);
      this.counters.sent++;
    };
    if (this.faults.delayMs > 0) setTimeout(emit, this.faults.delayMs);
    else emit();
  }

  /**
   * Calls `event` on peer `to` and resolves with its answer. Unlike `send`, the caller waits
   * for each answer, which is the backpressure a bulk transfer (a snapshot stream) needs.
   * Rejects when the peer is not connected, an injected fault drops it, or no answer comes
   * within `timeoutMs`.
   */
  async request(to: string, event: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const connection = this.outbound.get(to);
    if (this.faults.dropTo.includes(to) || !connection?.socket.connected) {
      this.counters.droppedOutbound++;
      throw new Error(`${to} is not reachable`);
    }
    if (this.faults.delayMs > 0) await new Promise((r) => setTimeout(r, this.faults.delayMs));
    this.counters.sent++;
    return connection.socket.timeout(timeoutMs).emitWithAck(event, payload);
  }

  /** Replaces the injected faults (tests only; the node exposes this behind a flag). */
  setFaults(rules: PeerFaults): void {
    this.faults = rules;
  }

  /** Peers with an open outbound connection. */
  connectedPeers(): string[] {
    return [...this.outbound].filter(([, c]) => c.socket.connected).map(([id]) => id);
  }

  /** Every outbound connection: where it dials, whether it is open, and why not. */
  connections(): PeerConnection[] {
    return [...this.outbound].map(([id, c]) => ({
      id,
      address: c.address,
      connected: c.socket.connected,
      error: c.socket.connected ? null : c.error,
    }));
  }

  async stop(): Promise<void> {
    for (const { socket } of this.outbound.values()) socket.close();
    this.outbound.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Opens the outbound connection to a peer, retrying forever. A peer that cannot be reached is
   * logged with its address and the error (`peer.unreachable`, after 2 s, then every 10 s
   * while it lasts), and once more when it answers (`peer.reachable`), so a node dialling a
   * stale address says so.
   */
  private dial(peerId: string, address: string): Outbound {
    const outbound: Outbound = {
      address,
      socket: this.connect(peerId, address),
      error: null,
      loggedAtMs: 0,
      unreachableSinceMs: null,
      backingOff: false,
    };
    outbound.socket.io.on('reconnect_attempt', () => {
      outbound.backingOff = false;
    });
    outbound.socket.on('connect_error', (error: Error & { description?: unknown }) => {
      const nowMs = Date.now();
      outbound.backingOff = true;
      outbound.error = connectErrorText(error);
      outbound.unreachableSinceMs ??= nowMs;
      if (nowMs - outbound.unreachableSinceMs < unreachableGraceMs) return;
      if (nowMs - outbound.loggedAtMs < unreachableLogEveryMs) return;
      outbound.loggedAtMs = nowMs;
      this.options.logger.warn('peer.unreachable', {
        peer: peerId,
        address,
        error: outbound.error,
        forMs: nowMs - outbound.unreachableSinceMs,
      });
    });
    outbound.socket.on('disconnect', (reason: string) => {
      // 'io client disconnect' is our own close (stop, a new certificate, a removed member).
      if (reason === 'io client disconnect') return;
      outbound.backingOff = true;
      this.options.onPeerLost?.(peerId);
    });
    outbound.socket.on('connect', () => {
      if (outbound.loggedAtMs > 0 && outbound.unreachableSinceMs !== null) {
        this.options.logger.info('peer.reachable', {
          peer: peerId,
          address,
          afterMs: Date.now() - outbound.unreachableSinceMs,
        });
      }
      outbound.backingOff = false;
      outbound.error = null;
      outbound.loggedAtMs = 0;
      outbound.unreachableSinceMs = null;
    });
    return outbound;
  }

  /** Closes our connection to a peer and dials it afresh, keeping what was logged about it. */
  private redial(peerId: string, outbound: Outbound) {
    outbound.socket.close();
    const redialled = this.dial(peerId, outbound.address);
    // So that the answer to an unreachable peer is still reported as `peer.reachable`.
    redialled.loggedAtMs = outbound.loggedAtMs;
    redialled.unreachableSinceMs = outbound.unreachableSinceMs;
    this.outbound.set(peerId, redialled);
  }

  private connect(peerId: string, address: string): ClientSocket {
    const tls = this.tls;
    return connect(`${tls ? 'https' : 'http'}://${address}`, {
      ...(tls
        ? {
            ...tlsContext(tls),
            rejectUnauthorized: true,
            // The peer must be the member we meant to reach, whatever address it answers on.
            checkServerIdentity: (_host: string, cert: PeerCertificate) =>
              certificateNames(cert).includes(peerId)
                ? undefined
                : new Error(
                    `the certificate at ${address} names ${certificateNames(cert).join(', ')}, not ${peerId}`,
                  ),
          }
        : {}),
      transports: ['websocket'],
      reconnectionDelay: reconnectDelayMs,
      reconnectionDelayMax: reconnectDelayMsMax,
      // A function, so every reconnection presents a fresh nonce.
      auth: (callback) =>
        callback({
          ...createHandshake({
            secret: this.options.secret,
            from: this.options.selfId,
            to: peerId,
            nowMs: this.nowMs(),
          }),
        }),
    });
  }

  private accept(socket: Socket) {
    const peerId: string = socket.data.peerId;
    // A peer that dials us is up now; if our own connection to it is waiting out its reconnect
    // backoff (up to a second after a restart), dial again at once, or everything we answer it
    // (votes, acks) would be dropped until then. Not while an attempt is in flight: two peers
    // starting together would otherwise keep cancelling each other's attempts.
    const outbound = this.outbound.get(peerId);
    if (outbound?.backingOff) this.redial(peerId, outbound);
    socket.on(raftEvent, (frame: unknown) => this.receive(peerId, frame));
    const requestEvents = this.options.requestEvents ?? [];
    for (const event of requestEvents) {
      socket.on(event, (payload: unknown, ack: unknown) =>
        this.answer(peerId, event, payload, ack),
      );
    }
    socket.onAny((event: string) => {
      if (event === raftEvent || requestEvents.includes(event)) return;
      this.counters.droppedInbound++;
      this.warnDrop('peer.unknown-event', { peer: peerId, event: String(event).slice(0, 40) });
    });
  }

  private answer(peerId: string, event: string, payload: unknown, ack: unknown) {
    const { onRequest } = this.options;
    if (this.faults.dropFrom.includes(peerId) || typeof ack !== 'function' || !onRequest) {
      this.counters.droppedInbound++;
      return;
    }
    this.counters.received++;
    onRequest(peerId, event, payload).then(
      (answer) => ack(answer),
      (error: unknown) => ack({ error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private receive(peerId: string, frame: unknown) {
    if (this.faults.dropFrom.includes(peerId)) {
      this.counters.droppedInbound++;
      return;
    }
    let message: M | null = null;
    try {
      message = this.options.parse(frame);
    } catch {
      message = null;
    }
    if (message === null) {
      this.counters.droppedInbound++;
      this.warnDrop('peer.bad-frame', { peer: peerId });
      return;
    }
    if (this.options.senderOf(message) !== peerId) {
      this.counters.droppedInbound++;
      this.warnDrop('peer.spoofed-sender', {
        peer: peerId,
        claimed: this.options.senderOf(message),
      });
      return;
    }
    this.counters.received++;
    this.options.onMessage(message);
  }
}
