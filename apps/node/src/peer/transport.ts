import { createServer, type Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import type { PeerAddress } from '../config.ts';
import { type Logger, rateLimited } from '../log.ts';
import { createHandshake, HandshakeVerifier } from './auth.ts';
import { type FaultRules, noFaults } from './faults.ts';

/** The one Socket.IO event that carries Raft messages between members. */
const raftEvent = 'raft';
/** Inbound frames larger than this close the connection (engine.io's maxHttpBufferSize). */
export const peerFrameBytesMax = 8 * 1024 * 1024;
const reconnectDelayMs = 100;
const reconnectDelayMsMax = 1_000;

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
  logger: Logger;
  /** Clock for handshakes; injectable so tests can present stale ones. */
  nowMs?: () => number;
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
  private faults: FaultRules = noFaults;
  private readonly httpServer: HttpServer = createServer();
  private readonly server: Server;
  private readonly outbound = new Map<string, { address: string; socket: ClientSocket }>();
  private readonly verifier: HandshakeVerifier;
  private readonly warnDrop: ReturnType<typeof rateLimited>;
  private readonly nowMs: () => number;

  constructor(private readonly options: PeerTransportOptions<M>) {
    this.nowMs = options.nowMs ?? Date.now;
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
      socket.data.peerId = result.peerId;
      next();
    });
    this.server.on('connection', (socket) => this.accept(socket));
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
        .map((peer) => [peer.id, `http://${peer.host}:${peer.port}`]),
    );
    for (const [id, connection] of this.outbound) {
      if (current.get(id) !== connection.address) {
        connection.socket.close();
        this.outbound.delete(id);
      }
    }
    for (const [id, address] of current) {
      if (!this.outbound.has(id))
        this.outbound.set(id, { address, socket: this.dial(id, address) });
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

  /** Replaces the injected faults (tests only; the node exposes this behind a flag). */
  setFaults(rules: FaultRules): void {
    this.faults = rules;
  }

  /** Peers with an open outbound connection. */
  connectedPeers(): string[] {
    return [...this.outbound].filter(([, c]) => c.socket.connected).map(([id]) => id);
  }

  async stop(): Promise<void> {
    for (const { socket } of this.outbound.values()) socket.close();
    this.outbound.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private dial(peerId: string, address: string): ClientSocket {
    return connect(address, {
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
    socket.on(raftEvent, (frame: unknown) => this.receive(peerId, frame));
    socket.onAny((event: string) => {
      if (event === raftEvent) return;
      this.counters.droppedInbound++;
      this.warnDrop('peer.unknown-event', { peer: peerId, event: String(event).slice(0, 40) });
    });
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
