import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import { type Database, isDatabaseUnavailable } from '@raftboard/db/client';
import { encodeCommand } from '@raftboard/db/commands';
import { serveAttachmentDownload } from '@raftboard/schema/attachments/download';
import type { OidcSignIn } from '@raftboard/schema/auth/oidc';
import {
  type ClusterStatus,
  ClusterUnavailableError,
  type NodeServices,
  type ProposeResult,
} from '@raftboard/schema/context';
import { graphqlWsOptions } from '@raftboard/schema/graphql-ws';
import type { WebhookTargetGuard } from '@raftboard/schema/integrations/webhook-target';
import { EventHub } from '@raftboard/schema/live/event-hub';
import { webSocketOriginAllowed } from '@raftboard/schema/trusted-origins';
import { createRaftboardYoga } from '@raftboard/schema/yoga';
import { uuidv7 } from '@raftboard/uuidv7';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { clientAddress } from './client-address.ts';
import { type Logger, rateLimited } from './logger.ts';
import { proposalKey, type RaftDriver } from './raft/driver.ts';
import { NodeStoppingError, WaitTimeoutError } from './raft/waiters.ts';
import type { NodeStatus } from './status.ts';

/** What the endpoint needs from the running node. */
interface Wiring {
  driver: RaftDriver;
  status: () => NodeStatus;
  peerStatus: (id: string) => NodeStatus | null;
  requestTimeoutMs: number;
}

/** The node's GraphQL endpoint, wired to the driver once the driver exists. */
export interface GraphqlEndpoint {
  /** Yoga at /graphql. */
  handler: RequestListener;
  hub: EventHub;
  /** graphql-ws on the public port's `/graphql`, through the same pipeline as HTTP. */
  attachWebSockets(server: Server | Http2SecureServer): WebSocketServer;
  /** `GET /attachments/<id>`: the bytes, if the caller may read the attachment's project. */
  download(request: IncomingMessage, response: ServerResponse, id: string): Promise<void>;
  attach(parts: Wiring): void;
}

/** The cluster as this node sees it: itself exactly, its peers as they last described themselves. */
export function clusterStatus(
  node: NodeStatus,
  peerStatus: (id: string) => NodeStatus | null,
): ClusterStatus {
  const leaderCommit = node.role === 'leader' ? node.commitIndex : null;
  const self = {
    id: node.id,
    role: node.role,
    term: node.term,
    commitIndex: node.commitIndex,
    appliedIndex: node.appliedIndex,
    lag: leaderCommit === null ? null : 0,
  };
  const peers = node.peers.map((peer) => {
    const reported = peer.connected ? peerStatus(peer.id) : null;
    if (!reported) {
      // Connected but not heard from yet is not unreachable: say what this node knows.
      const role = !peer.connected
        ? ('unreachable' as const)
        : peer.id === node.leaderId
          ? ('leader' as const)
          : peer.voter
            ? ('follower' as const)
            : ('learner' as const);
      // Its term and indexes are its own to report: not guessed from this node's.
      return {
        id: peer.id,
        role,
        term: null,
        commitIndex: null,
        appliedIndex: null,
        lag: peer.lag,
      };
    }
    const leaderIndex = leaderCommit ?? (reported.role === 'leader' ? reported.commitIndex : null);
    return {
      id: peer.id,
      role: reported.role,
      term: reported.term,
      commitIndex: reported.commitIndex,
      appliedIndex: reported.appliedIndex,
      lag:
        peer.lag ??
        (leaderIndex === null ? null : Math.max(0, leaderIndex - reported.appliedIndex)),
    };
  });
  return { leaderId: node.leaderId, term: node.term, nodes: [self, ...peers] };
}

/** Maps the driver's "no answer in time" and "stopping" to the API's UNAVAILABLE. */
async function unavailableOnTimeout<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof WaitTimeoutError || error instanceof NodeStoppingError) {
      throw new ClusterUnavailableError(`${error.message}; retry with the same requestId`);
    }
    throw error;
  }
}

/** Builds the GraphQL endpoint (Yoga over the Pothos schema) for this node. */
export function createGraphqlEndpoint(options: {
  db: Database;
  logger: Logger;
  production: boolean;
  /** Origins granted CORS and WebSocket upgrades (config `--trusted-origins`). */
  trustedOrigins: readonly string[];
  /** Proxies whose `X-Forwarded-For` is believed (config `--trusted-proxies`). */
  trustedProxies: readonly string[];
  /** Which webhook URLs may be configured (config `--webhook-allowed-targets`). */
  webhookTargets: WebhookTargetGuard;
  /** The OpenID provider people may sign in with (config `RAFTBOARD_OIDC_*`), or null. */
  oidc: OidcSignIn | null;
}): GraphqlEndpoint {
  const hub = new EventHub();
  let parts: Wiring | null = null;
  const wired = () => {
    if (!parts) throw new ClusterUnavailableError('node is starting');
    return parts;
  };
  const node: NodeServices = {
    db: options.db,
    hub,
    cluster: { status: () => clusterStatus(wired().status(), wired().peerStatus) },
    propose: async (command): Promise<ProposeResult> => {
      const { driver, requestTimeoutMs } = wired();
      const data = encodeCommand(command);
      const key = proposalKey(command.actor, command.requestId);
      return unavailableOnTimeout(driver.propose(key, data, requestTimeoutMs));
    },
    readFence: async ({ linearizable, minIndex }) => {
      const { driver, requestTimeoutMs } = wired();
      if (linearizable) await unavailableOnTimeout(driver.readIndex(requestTimeoutMs));
      if (minIndex !== undefined) {
        await unavailableOnTimeout(driver.waitForApplied(minIndex, requestTimeoutMs));
      }
    },
    now: () => new Date(),
    newId: () => uuidv7(),
    webhookTargets: options.webhookTargets,
    oidc: options.oidc,
  };
  const warnUnavailable = rateLimited(options.logger, { first: 3, every: 100 });
  const raftboard = createRaftboardYoga({
    node,
    production: options.production,
    trustedOrigins: options.trustedOrigins,
    onUnexpectedError: (error) => {
      // The API answers UNAVAILABLE; during an outage every request would log a stack.
      if (isDatabaseUnavailable(error)) warnUnavailable('graphql.database-unavailable');
      else
        options.logger.error('graphql.unexpected', {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
    },
  });
  const { yoga } = raftboard;
  const trustedProxies = new Set(options.trustedProxies);
  const handler: RequestListener = (request, response) => {
    const address = clientAddress(request, trustedProxies);
    void yoga.handle(request, response, address ? { clientAddress: address } : {});
  };
  return {
    handler,
    hub,
    attachWebSockets: (server) => {
      const wsServer = new WebSocketServer({
        // An HTTP/2 server with allowHTTP1 emits HTTP/1.1 upgrades as an HTTP server does.
        server: server as Server,
        path: '/graphql',
        // Refuse a cross-site upgrade before a socket exists (graphql-ws would close it later).
        verifyClient: ({ req }, done) =>
          webSocketOriginAllowed(req.headers, raftboard.trustedOrigins)
            ? done(true)
            : done(false, 403, 'origin not trusted'),
      });
      useServer(graphqlWsOptions(raftboard), wsServer);
      return wsServer;
    },
    download: async (request, response, id) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const answer = await serveAttachmentDownload(
        node,
        new Request('http://node.internal/', { headers }),
        id,
        raftboard.trustedOrigins,
      );
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    },
    attach: (next) => {
      parts = next;
    },
  };
}
