import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isDatabaseUnavailable } from '@raftboard/db/client';
import { calendarFeedPathPrefix } from './calendar-feed.ts';
import type { MembershipRequest } from './membership.ts';
import { type FaultRules, parseFaultRules } from './peer/faults.ts';
import { type NodeStatus, notReadyReason } from './status.ts';

/** What the HTTP layer needs from the running node. */
export interface NodeHandle {
  status(): NodeStatus;
  /** The node's Prometheus registry: exposition text and the content type to serve it with. */
  metrics: { readonly contentType: string; metrics(): Promise<string> };
  /** Resolves once the change is committed and applied here; rejects with a clear message. */
  changeMembership(request: MembershipRequest): Promise<{ index: number }>;
  /** Resolves once `to` leads (or rejects after a bounded wait). */
  transferLeadership(to: string): Promise<void>;
}

export interface HttpOptions {
  node: NodeHandle;
  /** GraphQL (Yoga) at /graphql. */
  graphql: RequestListener;
  /** `GET /calendar/<token>.ics`: a secret calendar feed (calendar-feed.ts). */
  calendar: RequestListener;
  /** Operators authenticate admin calls with `Authorization: Bearer <cluster secret>`. */
  clusterSecret: string;
  /** `GET /attachments/<id>`: permission-checked downloads. */
  attachments: (request: IncomingMessage, response: ServerResponse, id: string) => Promise<void>;
  /** Present only when RAFTBOARD_FAULT_INJECTION=1. */
  faults?: { get(): FaultRules; set(rules: FaultRules): void };
}

/** Bound on a JSON request body to the non-GraphQL endpoints. */
const requestBodyBytesMax = 64 * 1024;

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > requestBodyBytesMax)
      throw new Error(`request body over ${requestBodyBytesMax} bytes`);
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function authorized(request: IncomingMessage, secret: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Parses an operator's membership request; a string is the error to answer with. */
export function parseMembershipRequest(value: unknown): MembershipRequest | string {
  const body = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const id = body.id;
  if (typeof id !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,31}$/.test(id)) {
    return 'id must be a node id ([a-zA-Z0-9_-], at most 32 characters)';
  }
  if (body.op === 'promote' || body.op === 'remove') return { op: body.op, id };
  if (body.op !== 'addLearner') return 'op must be addLearner, promote or remove';
  const { host, port, httpPort } = body;
  if (typeof host !== 'string' || !/^[A-Za-z0-9.:-]{1,255}$/.test(host)) return 'host is required';
  const isPort = (value: unknown): value is number =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65_535;
  if (!isPort(port)) return 'port (the peer port) must be a whole number from 1 to 65535';
  if (!isPort(httpPort)) return 'httpPort must be a whole number from 1 to 65535';
  return { op: 'addLearner', id, host, port, httpPort };
}

type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

function routes(options: HttpOptions): Record<string, Route> {
  const { node } = options;
  const admin =
    (handler: (body: unknown) => Promise<unknown>): Route =>
    async (request, response) => {
      if (!authorized(request, options.clusterSecret)) {
        return sendJson(response, 401, { error: 'send Authorization: Bearer <cluster secret>' });
      }
      let body: unknown;
      try {
        body = await readJson(request);
      } catch (error) {
        return sendJson(response, 400, { error: `invalid JSON body: ${(error as Error).message}` });
      }
      try {
        sendJson(response, 200, await handler(body));
      } catch (error) {
        sendJson(response, 409, { error: (error as Error).message });
      }
    };
  const table: Record<string, Route> = {
    'GET /healthz': (_request, response) => sendJson(response, 200, { ok: true }),
    'GET /readyz': (_request, response) => {
      const reason = notReadyReason(node.status());
      sendJson(
        response,
        reason === null ? 200 : 503,
        reason === null ? { ready: true } : { ready: false, reason },
      );
    },
    'GET /status': (_request, response) => sendJson(response, 200, node.status()),
    'GET /metrics': async (_request, response) => {
      const text = await node.metrics.metrics();
      response.writeHead(200, { 'content-type': node.metrics.contentType });
      response.end(text);
    },
    'POST /admin/membership': admin(async (body) => {
      const request = parseMembershipRequest(body);
      if (typeof request === 'string') throw new Error(request);
      return node.changeMembership(request);
    }),
    'POST /admin/transfer-leadership': admin(async (body) => {
      const to = (body as { to?: unknown }).to;
      if (typeof to !== 'string') throw new Error('to must be the id of the node to lead');
      await node.transferLeadership(to);
      return { leaderId: to };
    }),
  };
  const { faults } = options;
  if (faults) {
    table['GET /faults'] = (_request, response) => sendJson(response, 200, faults.get());
    table['POST /faults'] = async (request, response) => {
      const rules = parseFaultRules(await readJson(request).catch(() => null));
      if ('error' in rules) return sendJson(response, 400, rules);
      faults.set(rules);
      sendJson(response, 200, rules);
    };
  }
  return table;
}

const databaseUnavailable = 'this node cannot reach its database right now; retry';

/** The node's public HTTP handler: GraphQL, health, status, metrics, admin, faults. */
export function createHttpHandler(options: HttpOptions): RequestListener {
  const table = routes(options);
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/graphql' || path.startsWith('/graphql/')) {
      options.graphql(request, response);
      return;
    }
    // Every path under /calendar/ goes there, so a malformed token gets the same 404 as an
    // unknown or revoked one.
    if (request.method === 'GET' && path.startsWith(calendarFeedPathPrefix)) {
      options.calendar(request, response);
      return;
    }
    const attachment = /^\/attachments\/([A-Za-z0-9_=+-]{1,200})$/.exec(path);
    if (request.method === 'GET' && attachment?.[1]) {
      options.attachments(request, response, attachment[1]).catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) {
          if (!response.headersSent) sendJson(response, 503, { error: databaseUnavailable });
          return;
        }
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        console.error(error);
      });
      return;
    }
    const route = table[`${request.method} ${path}`];
    if (!route) return sendJson(response, 404, { error: `no route ${request.method} ${path}` });
    Promise.resolve(route(request, response)).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      console.error(error);
    });
  };
}
