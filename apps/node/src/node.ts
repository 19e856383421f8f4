import { type ApplyResult, applyEntries, readAppliedIndex } from '@raftboard/db/apply';
import { type Database, openDatabase, waitForDatabase } from '@raftboard/db/client';
import { migrateDatabase } from '@raftboard/db/migrate';
import { scheduledWorkDue } from '@raftboard/db/queries/schedule';
import { SnapshotStaging } from '@raftboard/db/snapshot-staging';
import { type Message, parseMessage } from '@raftboard/raft';
import { OidcSignIn } from '@raftboard/schema/auth/oidc';
import { WebhookTargetGuard } from '@raftboard/schema/integrations/webhook-target';
import type { EventHub } from '@raftboard/schema/live/event-hub';
import { AddressBook } from './address-book.ts';
import { serveCalendarFeed } from './calendar-feed.ts';
import type { NodeConfig } from './config.ts';
import { createGraphqlEndpoint } from './graphql.ts';
import { createHttpHandler, type NodeHandle } from './http.ts';
import type { Logger } from './logger.ts';
import { Membership, type MembershipRequest } from './membership.ts';
import { createNodeRegistry } from './metrics.ts';
import { OutboxDeliverer } from './outbox/deliverer.ts';
import { createSmtpSender } from './outbox/email-sender.ts';
import { type FaultRules, noFaults } from './peer/faults.ts';
import { PeerStatusCache } from './peer/status-cache.ts';
import { PeerTransport } from './peer/transport.ts';
import { createPublicServer, type PublicServer } from './public-server.ts';
import { QuietMemory } from './quiet-memory.ts';
import { type DurableLog, RaftDriver } from './raft/driver.ts';
import { openMysqlLog } from './raft/mysql-log.ts';
import {
  SnapshotReceiver,
  SnapshotSender,
  type SnapshotTransferCounters,
  snapshotEvents,
} from './raft/snapshot-transfer.ts';
import { Scheduler } from './schedule/scheduler.ts';
import { stopNode } from './shutdown.ts';
import { toNodeStatus } from './status.ts';
import { proposeSystem } from './system-proposer.ts';
import { type PeerTlsMaterial, readPeerTls, readTls } from './tls/material.ts';

/**
 * Health checks and scrapes are not work: a monitor polling them must not keep a node from
 * counting as quiet (quiet-memory.ts).
 */
const probePaths = new Set(['/healthz', '/readyz', '/status', '/metrics']);

/** Webhook attempts in flight at once on the leader, in all and for one webhook. */
const webhookConcurrency = 16;
const webhookConcurrencyPerHook = 2;
/** How often the leader looks for retries that came due. */
const webhookPollMs = 1_000;

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

interface Parts {
  config: NodeConfig;
  db: Database;
  log: DurableLog;
  logger: Logger;
  hub: EventHub;
  /**
   * Late-bound: the transport, membership, deliverer and scheduler need the driver, and the
   * driver needs them. `leading` follows the driver's role changes.
   */
  late: {
    transport?: PeerTransport<Message>;
    membership?: Membership;
    deliverer?: OutboxDeliverer;
    scheduler?: Scheduler;
    leading?: boolean;
  };
  snapshots: SnapshotSender;
}

function createDriver(parts: Parts, appliedIndex: number) {
  const { config, db, log, logger, hub, late, snapshots } = parts;
  const ticks = (ms: number) => Math.max(1, Math.round(ms / config.tickIntervalMs));
  return new RaftDriver({
    nodeId: config.nodeId,
    log,
    apply: (entries) => applyEntries(db, entries),
    appliedIndex,
    // A snapshot travels out of band, streamed from the tables (raft/snapshot-transfer.ts).
    send: (to, message) =>
      message.type === 'snapshot' ? snapshots.offer(message) : late.transport?.send(to, message),
    tickIntervalMs: config.tickIntervalMs,
    electionTimeoutTicks: ticks(config.electionTimeoutMs),
    heartbeatIntervalTicks: ticks(config.heartbeatIntervalMs),
    snapshotThresholdEntries: config.snapshotThresholdEntries,
    snapshotThresholdChars: config.snapshotThresholdMib * 1024 * 1024,
    compactionFloor: () => snapshots.floor(),
    onApplied: (result: ApplyResult) => {
      const { appliedIndex, events, accessChanged } = result;
      hub.publish({ appliedIndex, events, accessChanged });
      // Events may have queued webhook deliveries (only the leader looks).
      if (events.length > 0) late.deliverer?.wake();
      if (result.events.some((event) => event.kind === 'cluster.memberUpdated')) {
        late.membership?.onMembersUpdated().catch((error: unknown) => {
          logger.warn('cluster.members-refresh-failed', { error: String(error) });
        });
      }
    },
    // A snapshot replaced every table, credentials and memberships included.
    onSnapshotInstalled: (index) =>
      hub.publish({ appliedIndex: index, events: [], accessChanged: true }),
    onMembership: (status) => {
      late.membership?.onMembershipApplied(status).catch((error: unknown) => {
        logger.warn('cluster.membership-refresh-failed', { error: String(error) });
      });
    },
    onSoftState: (status) => {
      logger.info('raft.role', { role: status.role, term: status.term, leaderId: status.leaderId });
      late.leading = status.role === 'leader';
      late.membership?.onSoftState(status);
      // A new leader resumes whatever deliveries the record says are pending, and ticks.
      late.deliverer?.wake(0);
      void late.scheduler?.run();
    },
    logger,
  });
}

function createTransport(
  config: NodeConfig,
  book: AddressBook,
  driver: RaftDriver,
  receiver: SnapshotReceiver,
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
    onPeerLost: (peerId) => driver.peerLost(peerId),
    requestEvents: snapshotEvents,
    onRequest: (peerId, event, payload) => receiver.answer(peerId, event, payload),
    logger,
  });
}

interface Running {
  config: NodeConfig;
  log: DurableLog;
  driver: RaftDriver;
  transport: PeerTransport<Message>;
  membership: Membership;
  snapshotCounters: SnapshotTransferCounters;
  quietMemory: QuietMemory;
}

function nodeHandle(running: Running): NodeHandle {
  const { driver, transport, log, membership, config, snapshotCounters, quietMemory } = running;
  const status = () => ({
    ...toNodeStatus(driver.status(), transport.connections(), log.firstIndex()),
  });
  return {
    status,
    metrics: createNodeRegistry({
      status,
      driver,
      transport,
      snapshots: snapshotCounters,
      memorySaver: () => quietMemory.memorySaver,
    }),
    changeMembership: async (request: MembershipRequest) => ({
      index: await membership.change(request),
    }),
    transferLeadership: (to) => driver.transferLeadership(to, config.requestTimeoutMs),
  };
}

function faultSwitch(transport: PeerTransport<Message>, scheduler: Scheduler) {
  let faults = noFaults;
  return {
    get: () => faults,
    set: (rules: FaultRules) => {
      faults = rules;
      transport.setFaults(rules);
      scheduler.setSkew(rules.clockSkewMs);
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
  const staging = new SnapshotStaging(db);
  await staging.clearLeftovers();
  const log = await openMysqlLog(db, { voters, join: config.join, staging });
  const production = process.env.NODE_ENV === 'production';
  const webhookTargets = new WebhookTargetGuard(config.webhooks.allowedTargets);
  const graphql = createGraphqlEndpoint({
    db,
    logger,
    production,
    webhookTargets,
    // Discovered on first use, so a provider that is down never holds up the node's start.
    oidc: config.oidc && new OidcSignIn(config.oidc, config.clusterSecret),
    trustedOrigins: config.trustedOrigins,
    trustedProxies: config.trustedProxies,
  });
  const late: Parts['late'] = {};
  const snapshotCounters: SnapshotTransferCounters = {
    streamsSent: 0,
    streamsFailed: 0,
    rowsSent: 0,
    streamsReceived: 0,
  };
  const snapshots = new SnapshotSender({
    db,
    request: (to, event, payload, timeoutMs) => {
      if (!late.transport) return Promise.reject(new Error('the transport is not up yet'));
      return late.transport.request(to, event, payload, timeoutMs);
    },
    logger,
    counters: snapshotCounters,
  });
  const driver = createDriver(
    { config, db, log, logger, hub: graphql.hub, late, snapshots },
    await readAppliedIndex(db),
  );
  const receiver = new SnapshotReceiver({
    selfId: config.nodeId,
    staging,
    deliver: (message) => driver.enqueue(message),
    logger,
    counters: snapshotCounters,
  });
  const book = new AddressBook(config.peers);
  await book.refresh(db);
  const { voters: current, learners } = driver.status().confState;
  book.setMembers([...current, ...learners]);
  const tls = config.tls && readTls(config.tls);
  const peerTls = config.peerTls && readPeerTls(config.peerTls, config.nodeId);
  const transport = createTransport(config, book, driver, receiver, logger, peerTls);
  const membership = new Membership({
    config,
    db,
    book,
    driver: () => driver,
    refreshPeers: () => transport.refreshPeers(),
    logger,
  });
  const deliverer = new OutboxDeliverer({
    db,
    isLeader: () => late.leading === true,
    record: async (payload) => {
      await proposeSystem(
        driver,
        { type: 'outbox.recordDelivery', payload },
        config.requestTimeoutMs,
      );
    },
    guard: webhookTargets,
    email: config.smtp ? createSmtpSender(db, config.smtp) : null,
    retry: { baseMs: config.webhooks.retryBaseMs, maxMs: config.webhooks.retryMaxMs },
    timeoutMs: config.webhooks.timeoutMs,
    concurrency: webhookConcurrency,
    perWebhook: webhookConcurrencyPerHook,
    pollMs: webhookPollMs,
    logger,
  });
  const scheduler = new Scheduler({
    isLeader: () => late.leading === true,
    due: (now) => scheduledWorkDue(db, now),
    tick: async (now) => {
      const result = await proposeSystem(
        driver,
        { type: 'schedule.tick', payload: { now } },
        config.requestTimeoutMs,
      );
      return { more: result.more === true };
    },
    intervalMs: config.scheduleTickMs,
    logger,
  });
  Object.assign(late, { transport, membership, deliverer, scheduler });
  let requestsServed = 0;
  const quietMemory = new QuietMemory({
    work: () => driver.applied + requestsServed + snapshotCounters.rowsSent,
    busy: () => snapshots.busy || receiver.busy,
    logger,
  });
  const running: Running = {
    config,
    log,
    driver,
    transport,
    membership,
    snapshotCounters,
    quietMemory,
  };
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
      calendar: (request, response) =>
        void serveCalendarFeed(db, request, response, (error) =>
          logger.error('calendar-feed.unexpected', {
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
        ),
      attachments: graphql.download,
      clusterSecret: config.clusterSecret,
      ...(config.faultInjection ? { faults: faultSwitch(transport, scheduler) } : {}),
    }),
    tls,
  );
  const webSockets = graphql.attachWebSockets(server.server);
  server.server.on('request', (request: { url?: string }) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (!probePaths.has(path)) requestsServed++;
  });
  await transport.start();
  await server.listen(config.httpPort, config.host);
  driver.start((error) => {
    logger.error('node.fatal', { error: error instanceof Error ? error.stack : String(error) });
    process.exit(70);
  });
  quietMemory.start();
  deliverer.start();
  scheduler.start();
  if (!config.smtp) {
    logger.warn('email.off', {
      reason: 'no RAFTBOARD_SMTP_URL: notifications stay in the app and no email is sent',
    });
  }
  logger.info('node.started', {
    http: `${server.scheme}://${config.host}:${config.httpPort}`,
    peer: `${peerTls ? 'mutual TLS' : 'clear text'} on ${config.host}:${config.peerPort}`,
    advertised: config.advertiseHost,
    applied: driver.applied,
  });
  return {
    driver,
    stop: () => {
      quietMemory.stop();
      deliverer.stop();
      scheduler.stop();
      return stopNode({ ...running, server, webSockets, db, logger });
    },
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
