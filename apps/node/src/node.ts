import { type ApplyResult, applyEntries, readAppliedIndex } from '@raftboard/db/apply';
import { closeDatabase, type Database, openDatabase, waitForDatabase } from '@raftboard/db/client';
import { migrateDatabase } from '@raftboard/db/migrate';
import { type Message, parseMessage, type Status } from '@raftboard/raft';
import type { EventHub } from '@raftboard/schema/live/event-hub';
import type { WebSocketServer } from 'ws';
import { AddressBook } from './address-book.ts';
import type { NodeConfig } from './config.ts';
import { createGraphqlEndpoint } from './graphql.ts';
import { createHttpHandler, type MembershipRequest, type NodeHandle } from './http.ts';
import type { Logger } from './log.ts';
import { Membership } from './membership.ts';
import { renderMetrics, type Sample } from './metrics.ts';
import { type FaultRules, noFaults } from './peer/faults.ts';
import { type PeerConnection, PeerTransport } from './peer/transport.ts';
import { PeerStatusCache } from './peer-status.ts';
import { createPublicServer, type PublicServer } from './public-server.ts';
import { type DurableLog, RaftDriver } from './raft/driver.ts';
import { openMysqlLog } from './raft/mysql-log.ts';
import { type NodeStatus, noLeaderReason, type PeerStatus } from './status.ts';
import { type PeerTlsMaterial, readPeerTls, readTls } from './tls/material.ts';

/** A running node: what main.ts needs to shut it down. */
export interface RunningNode {
  driver: RaftDriver;
  /** Graceful stop: hand leadership over if we lead, then close everything. */
  stop(): Promise<void>;
  /**
   * Rereads the certificate files (SIGHUP) and uses them for new connections, without a
   * restart. A file that cannot be read or does not check out leaves the old ones in place.
   */
  reloadTls(): void;
}

/** An error as one short line for the log: its code (mysql2 sets one) and message. */
function describeError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return [code, message].filter((part) => typeof part === 'string' && part !== '').join(': ');
}

/** Bound on the graceful leadership handover at shutdown. */
const shutdownTransferMs = 3_000;

function toNodeStatus(status: Status, connections: readonly PeerConnection[]): NodeStatus {
  const { voters, learners } = status.confState;
  const peers: PeerStatus[] = [...voters, ...learners]
    .filter((id) => id !== status.id)
    .map((id) => {
      const progress = status.progress[id];
      const connection = connections.find((candidate) => candidate.id === id);
      return {
        id,
        voter: voters.includes(id),
        connected: connection?.connected ?? false,
        address: connection?.address ?? null,
        error: connection?.error ?? null,
        matchIndex: progress?.match ?? null,
        lag: progress ? status.lastIndex - progress.match : null,
        state: progress?.state ?? null,
      };
    });
  const role = status.role === 'follower' && learners.includes(status.id) ? 'learner' : status.role;
  const summary = { leaderId: status.leaderId, term: status.term, peers };
  return {
    id: status.id,
    role,
    term: status.term,
    leaderId: status.leaderId,
    commitIndex: status.commit,
    appliedIndex: status.applied,
    lastIndex: status.lastIndex,
    firstIndex: 0,
    peers,
    noLeaderReason: noLeaderReason(summary, voters.includes(status.id)),
  };
}

function metricSamples(
  node: NodeStatus,
  driver: RaftDriver,
  transport: PeerTransport<Message>,
): Sample[] {
  const gauge = (name: string, help: string, value: number): Sample => ({
    name,
    help,
    type: 'gauge',
    value,
  });
  const counter = (name: string, help: string, value: number): Sample => ({
    name,
    help,
    type: 'counter',
    value,
  });
  const roles = ['leader', 'follower', 'candidate', 'preCandidate', 'learner'] as const;
  return [
    gauge('raftboard_raft_term', 'Current Raft term.', node.term),
    ...roles.map((role) => ({
      ...gauge(
        'raftboard_raft_role',
        'Current role (1 for the role held).',
        node.role === role ? 1 : 0,
      ),
      labels: { role },
    })),
    gauge('raftboard_raft_commit_index', 'Highest index known committed.', node.commitIndex),
    gauge('raftboard_raft_applied_index', 'Highest index applied to the board.', node.appliedIndex),
    counter(
      'raftboard_proposals_total',
      'Proposals made through this node.',
      driver.counters.proposals,
    ),
    counter(
      'raftboard_proposals_retried_total',
      'Proposals proposed again after a timeout.',
      driver.counters.proposalsRetried,
    ),
    counter(
      'raftboard_applied_entries_total',
      'Entries applied on this node.',
      driver.counters.appliedEntries,
    ),
    counter(
      'raftboard_snapshots_installed_total',
      'Snapshots received from a leader and installed.',
      driver.counters.snapshotsInstalled,
    ),
    counter(
      'raftboard_snapshots_taken_total',
      'Snapshots taken here to compact the log.',
      driver.counters.snapshotsTaken,
    ),
    counter(
      'raftboard_peer_messages_sent_total',
      'Raft messages sent to peers.',
      transport.counters.sent,
    ),
    counter(
      'raftboard_peer_messages_received_total',
      'Raft messages accepted from peers.',
      transport.counters.received,
    ),
    {
      ...counter(
        'raftboard_peer_messages_dropped_total',
        'Raft messages dropped.',
        transport.counters.droppedOutbound,
      ),
      labels: { direction: 'outbound' },
    },
    {
      ...counter(
        'raftboard_peer_messages_dropped_total',
        'Raft messages dropped.',
        transport.counters.droppedInbound + driver.counters.inboxDropped,
      ),
      labels: { direction: 'inbound' },
    },
    counter(
      'raftboard_peer_handshakes_rejected_total',
      'Peer connections refused at the handshake.',
      transport.counters.rejectedHandshakes,
    ),
  ];
}

interface Parts {
  config: NodeConfig;
  db: Database;
  log: DurableLog;
  logger: Logger;
  hub: EventHub;
  /** Late-bound: the transport and membership need the driver, and the driver needs them. */
  late: { transport?: PeerTransport<Message>; membership?: Membership };
}

function createDriver(parts: Parts, appliedIndex: number) {
  const { config, db, log, logger, hub, late } = parts;
  const ticks = (ms: number) => Math.max(1, Math.round(ms / config.tickIntervalMs));
  return new RaftDriver({
    nodeId: config.nodeId,
    log,
    apply: (entries) => applyEntries(db, entries),
    appliedIndex,
    send: (to, message) => late.transport?.send(to, message),
    tickIntervalMs: config.tickIntervalMs,
    electionTimeoutTicks: ticks(config.electionTimeoutMs),
    heartbeatIntervalTicks: ticks(config.heartbeatIntervalMs),
    snapshotThresholdEntries: config.snapshotThresholdEntries,
    onApplied: (result: ApplyResult) => {
      hub.publish({ appliedIndex: result.appliedIndex, events: result.events });
      if (result.events.some((event) => event.kind === 'cluster.memberUpdated')) {
        late.membership?.onMembersUpdated().catch((error: unknown) => {
          logger.warn('cluster.members-refresh-failed', { error: String(error) });
        });
      }
    },
    onMembership: (status) => {
      late.membership?.onMembershipApplied(status).catch((error: unknown) => {
        logger.warn('cluster.membership-refresh-failed', { error: String(error) });
      });
    },
    onSoftState: (status) => {
      logger.info('raft.role', { role: status.role, term: status.term, leaderId: status.leaderId });
      late.membership?.onSoftState(status);
    },
    logger,
  });
}

function createTransport(
  config: NodeConfig,
  book: AddressBook,
  driver: RaftDriver,
  logger: Logger,
  tls: PeerTlsMaterial | null,
) {
  return new PeerTransport<Message>({
    ...(tls ? { tls } : {}),
    selfId: config.nodeId,
    host: config.host,
    port: config.peerPort,
    secret: config.clusterSecret,
    peers: () => book.peers(),
    parse: parseMessage,
    senderOf: (message) => message.from,
    onMessage: (message) => driver.enqueue(message),
    logger,
  });
}

interface Running {
  config: NodeConfig;
  log: DurableLog;
  driver: RaftDriver;
  transport: PeerTransport<Message>;
  membership: Membership;
}

function nodeHandle(running: Running): NodeHandle {
  const { driver, transport, log, membership, config } = running;
  const status = () => ({
    ...toNodeStatus(driver.status(), transport.connections()),
    firstIndex: log.firstIndex(),
  });
  return {
    status,
    metrics: () =>
      renderMetrics(
        metricSamples(status(), driver, transport),
        driver.applyLatency.render(
          'raftboard_apply_seconds',
          'Time to apply one batch of committed entries.',
        ),
      ),
    changeMembership: async (request: MembershipRequest) => ({
      index: await membership.change(request),
    }),
    transferLeadership: (to) => driver.transferLeadership(to, config.requestTimeoutMs),
  };
}

function faultSwitch(transport: PeerTransport<Message>) {
  let faults = noFaults;
  return {
    get: () => faults,
    set: (rules: FaultRules) => {
      faults = rules;
      transport.setFaults(rules);
    },
  };
}

/**
 * Starts one cluster member: migrates its database, opens the durable log, connects to peers,
 * starts the Raft driver and serves HTTP. Resolves once both ports listen. A node started with
 * `join` begins with no membership and waits for a leader to add it (as a learner).
 */
export async function startNode(config: NodeConfig, logger: Logger): Promise<RunningNode> {
  const db = openDatabase(config.databaseUrl);
  await waitForDatabase(db, {
    onWaiting: (error, waitedMs) =>
      logger.warn('node.waiting-for-database', { waitedMs, error: describeError(error) }),
  });
  await migrateDatabase(db);
  const voters = config.peers.map((peer) => peer.id);
  const log = await openMysqlLog(db, { voters, join: config.join });
  const production = process.env.NODE_ENV === 'production';
  const graphql = createGraphqlEndpoint({
    db,
    logger,
    production,
    trustedOrigins: config.trustedOrigins,
    trustedProxies: config.trustedProxies,
  });
  const late: Parts['late'] = {};
  const driver = createDriver(
    { config, db, log, logger, hub: graphql.hub, late },
    await readAppliedIndex(db),
  );
  const book = new AddressBook(config.peers);
  await book.refresh(db);
  const { voters: current, learners } = driver.status().confState;
  book.setMembers([...current, ...learners]);
  const tls = config.tls && readTls(config.tls);
  const peerTls = config.peerTls && readPeerTls(config.peerTls, config.nodeId);
  const transport = createTransport(config, book, driver, logger, peerTls);
  const membership = new Membership({
    config,
    db,
    book,
    driver: () => driver,
    refreshPeers: () => transport.refreshPeers(),
    logger,
  });
  Object.assign(late, { transport, membership });
  const running: Running = { config, log, driver, transport, membership };
  const handle = nodeHandle(running);
  const peerStatus = new PeerStatusCache(book);
  graphql.attach({
    driver,
    status: handle.status,
    peerStatus: (id) => peerStatus.get(id),
    requestTimeoutMs: config.requestTimeoutMs,
  });
  const server = createPublicServer(
    createHttpHandler({
      node: handle,
      graphql: graphql.handler,
      attachments: graphql.download,
      clusterSecret: config.clusterSecret,
      ...(config.faultInjection ? { faults: faultSwitch(transport) } : {}),
    }),
    tls,
  );
  const webSockets = graphql.attachWebSockets(server.server);
  await transport.start();
  await server.listen(config.httpPort, config.host);
  driver.start((error) => {
    logger.error('node.fatal', { error: error instanceof Error ? error.stack : String(error) });
    process.exit(70);
  });
  logger.info('node.started', {
    http: `${server.scheme}://${config.host}:${config.httpPort}`,
    peer: `${peerTls ? 'mutual TLS' : 'clear text'} on ${config.host}:${config.peerPort}`,
    advertised: config.advertiseHost,
    applied: driver.applied,
  });
  return {
    driver,
    stop: () => stopNode({ ...running, server, webSockets, db, logger }),
    reloadTls: () => reloadTls(config, server, transport, logger),
  };
}

function reloadTls(
  config: NodeConfig,
  server: PublicServer,
  transport: PeerTransport<Message>,
  logger: Logger,
) {
  try {
    const tls = config.tls && readTls(config.tls);
    const peerTls = config.peerTls && readPeerTls(config.peerTls, config.nodeId);
    if (tls) server.reloadTls(tls);
    if (peerTls) transport.reloadTls(peerTls);
    logger.info('tls.reloaded', { public: tls !== null, peer: peerTls !== null });
  } catch (error) {
    logger.error('tls.reload-failed', { error: (error as Error).message });
  }
}

async function stopNode(
  parts: Running & {
    server: PublicServer;
    webSockets: WebSocketServer;
    db: Database;
    logger: Logger;
  },
) {
  const { driver, server, webSockets, transport, db, logger } = parts;
  const status = driver.status();
  const successor =
    status.role === 'leader' ? pickSuccessor(status, transport.connectedPeers()) : null;
  if (successor) {
    await driver.transferLeadership(successor, shutdownTransferMs).catch((error: unknown) => {
      logger.warn('node.shutdown-transfer-failed', { to: successor, error: String(error) });
    });
  }
  driver.stop();
  for (const client of webSockets.clients) client.terminate();
  webSockets.close();
  await server.close();
  await transport.stop();
  await closeDatabase(db);
}

/** The most caught-up connected voter, to hand leadership to at shutdown. */
function pickSuccessor(status: Status, connected: readonly string[]): string | null {
  let best: { id: string; match: number } | null = null;
  for (const id of status.confState.voters) {
    const match = status.progress[id]?.match ?? -1;
    const better = best === null || match > best.match;
    if (id !== status.id && connected.includes(id) && better) best = { id, match };
  }
  return best?.id ?? null;
}
