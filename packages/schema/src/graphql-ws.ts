import { type ExecutionArgs, GraphQLError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { webSocketOriginAllowed } from './trusted-origins.ts';
import type { RaftboardYoga } from './yoga.ts';

/** What the node's WebSocket server gives graphql-ws as `extra` (the `ws` library's shape). */
export interface WsExtra {
  /** The HTTP upgrade request: its headers carry the session cookie. */
  request?: {
    headers: Record<string, string | string[] | undefined>;
    socket?: { remoteAddress?: string | undefined };
  };
}

/** Executes through the Envelop pipeline Yoga built for this operation (limits, masking). */
interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/** The upgrade request's headers, plus `authorization` from connection params if given. */
export function wsHeaders(extra: WsExtra, connectionParams: unknown): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(extra.request?.headers ?? {})) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  const params = connectionParams as { authorization?: unknown; Authorization?: unknown } | null;
  const authorization = params?.authorization ?? params?.Authorization;
  if (typeof authorization === 'string') headers.set('authorization', authorization);
  return headers;
}

/**
 * graphql-ws server options that run operations through the same Yoga pipeline as HTTP and SSE
 * (graphql-armor limits, masked errors, suggestion stripping) with the same context: the
 * credential comes from `connectionParams.authorization` ("Bearer …", since browsers cannot set
 * headers on a WebSocket) or from the upgrade request's session cookie. A connection whose
 * upgrade came from a page of an untrusted origin is closed with 4403 Forbidden before any
 * operation (the node refuses such an upgrade earlier still, see `webSocketOriginAllowed`).
 * The node wires it as `useServer(graphqlWsOptions(raftboard), wsServer)` from
 * graphql-ws/use/ws.
 */
export function graphqlWsOptions(
  raftboard: RaftboardYoga,
): ServerOptions<Record<string, unknown>, WsExtra> {
  return {
    onConnect: (ctx) =>
      webSocketOriginAllowed(ctx.extra.request?.headers ?? {}, raftboard.trustedOrigins),
    execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
    subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
    onSubscribe: async (ctx, _id, payload) => {
      const headers = wsHeaders(ctx.extra, ctx.connectionParams);
      // POST: Yoga refuses mutations on GET requests, and a socket message is no GET.
      const request = new Request('http://node.internal/graphql', { method: 'POST', headers });
      const clientAddress = ctx.extra.request?.socket?.remoteAddress;
      const enveloped = raftboard.yoga.getEnveloped({
        request,
        params: payload,
        ...(clientAddress ? { clientAddress } : {}),
      });
      let document: ReturnType<typeof enveloped.parse>;
      try {
        document = enveloped.parse(payload.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
      } catch (error) {
        // Syntax errors and graphql-armor's limits throw (maybe from another graphql realm).
        if (error instanceof Error && 'extensions' in error) {
          return [
            new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
          ];
        }
        throw error;
      }
      return {
        schema: enveloped.schema,
        document,
        operationName: payload.operationName ?? null,
        variableValues: payload.variables ?? null,
        contextValue: await enveloped.contextFactory(),
        rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
      };
    },
  };
}
