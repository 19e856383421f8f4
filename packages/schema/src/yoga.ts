import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { isDatabaseUnavailable } from '@raftboard/db/client';
import { attachmentSizeMaxBytes } from '@raftboard/db/schema';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createGraphQLError, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { RateLimiter } from './auth/rate-limiter.ts';
import type { GraphQLContext, NodeServices } from './context.ts';
import { playgroundOptions } from './playground-examples.ts';
import { type ContextFactory, createContextFactory } from './request-context.ts';
import { schema } from './schema/index.ts';
import {
  corsForTrustedOrigins,
  type TrustedOrigins,
  trustedOriginsFrom,
} from './trusted-origins.ts';

/** Bounds on one GraphQL document, enforced before execution (graphql-armor). */
export interface QueryLimits {
  depthMax: number;
  aliasesMax: number;
  tokensMax: number;
  costMax: number;
  directivesMax: number;
}

/**
 * Defaults generous enough for the web board and GraphiQL, tight enough to stop abuse.
 * graphql-armor's cost grows by 1.5× per level of nesting and counts every field, `__typename`
 * included: the board's heaviest query, a page of 100 tasks with their people and labels as
 * Graphcache sends it, measures about 48,000. The budget leaves it twice that; the token and
 * depth limits bind before it on most abusive documents, and it stays as a backstop.
 */
export const queryLimitsDefault: QueryLimits = {
  depthMax: 12,
  aliasesMax: 20,
  tokensMax: 2_000,
  costMax: 100_000,
  directivesMax: 30,
};

/** Room for the multipart envelope around an attachment of the largest size. */
const multipartOverheadBytes = 64 * 1024;

/** What the node passes per request as Yoga's server context (`yoga.handle(req, res, ctx)`). */
export interface RaftboardServerContext {
  /** The client's address (rate-limit key), when the node knows it. */
  clientAddress?: string;
}

/** Options of `createRaftboardYoga`. */
export interface RaftboardYogaOptions {
  node: NodeServices;
  /** Production hides GraphiQL and introspection unless turned on below. Default: NODE_ENV. */
  production?: boolean;
  /** Serve GraphiQL (offline build, opening on Raftboard's examples). Default: not production. */
  graphiql?: boolean;
  /** Answer introspection queries. Default: not production. */
  introspection?: boolean;
  /** Default '/graphql'. */
  graphqlEndpoint?: string;
  /** Largest upload accepted. Default and maximum: packages/db's `attachmentSizeMaxBytes`. */
  uploadSizeMaxBytes?: number;
  limits?: Partial<QueryLimits>;
  /** Shared with the graphql-ws server so both count the same sign-in attempts. */
  rateLimiter?: RateLimiter;
  /** Called with every unexpected (masked) error. Default: console.error. */
  onUnexpectedError?: (error: unknown) => void;
  /**
   * Origins granted CORS with credentials, exactly as browsers send `Origin`
   * (`http://127.0.0.1:3000`); throws on anything else. Default: none, so no cross-origin page
   * may read an answer. See trusted-origins.ts.
   */
  trustedOrigins?: readonly string[];
}

/** The configured server plus what graphql-ws needs to run the same schema. */
export interface RaftboardYoga {
  yoga: YogaServerInstance<RaftboardServerContext, GraphQLContext>;
  /** Builds a context from a request's headers (use it in graphql-ws `context`). */
  contextFactory: ContextFactory;
  schema: typeof schema;
  /** The origins granted CORS; graphql-ws and attachment downloads apply the same set. */
  trustedOrigins: TrustedOrigins;
}

const databaseUnavailableMessage =
  'this node cannot reach its database right now; retry (any node will do; a write with the same requestId)';

function maskErrorWith(onUnexpectedError: (error: unknown) => void) {
  return (error: unknown, message: string): Error => {
    if (error instanceof GraphQLError) {
      const original = error.originalError;
      if (original === undefined || original === null) return error;
      if (original instanceof GraphQLError) {
        if (original.extensions.code !== undefined) return error;
        return createGraphQLError(original.message, {
          nodes: error.nodes ?? null,
          ...(error.path ? { path: error.path } : {}),
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
    }
    onUnexpectedError(error);
    const located = error instanceof GraphQLError ? error : undefined;
    // The node's database is down or unreachable: nothing is wrong with the request, and the
    // same request may succeed in a moment or on another node.
    const unavailable = isDatabaseUnavailable(error);
    return createGraphQLError(unavailable ? databaseUnavailableMessage : message, {
      nodes: located?.nodes ?? null,
      ...(located?.path ? { path: located.path } : {}),
      extensions: { code: unavailable ? 'UNAVAILABLE' : 'INTERNAL_SERVER_ERROR' },
    });
  };
}

const suggestion = / ?Did you mean [^?]*\?$/;

/**
 * Strips "Did you mean …?" from every error (graphql-js adds it to unknown enum values and
 * arguments too, not only to the fields graphql-armor covers), so the schema is not leaked.
 */
const hideSuggestions: Plugin = {
  onExecute: () => ({
    onExecuteDone: ({ result, setResult }) => {
      if (!('errors' in result) || !result.errors?.some((e) => suggestion.test(e.message))) return;
      const errors = result.errors.map((error) =>
        suggestion.test(error.message)
          ? createGraphQLError(error.message.replace(suggestion, ''), {
              nodes: error.nodes ?? null,
              extensions: error.extensions,
            })
          : error,
      );
      setResult({ ...result, errors });
    },
  }),
};

/**
 * Adds `Vary: Origin` to every answer: whether it carries a CORS grant depends on `Origin`, so
 * a cache must not hand one origin's answer to another.
 */
const varyOnOrigin: Plugin = {
  onResponse: ({ response }) => {
    const vary = response.headers.get('vary') ?? '';
    if (!vary.split(',').some((name) => name.trim().toLowerCase() === 'origin')) {
      response.headers.append('vary', 'Origin');
    }
  },
};

const disableIntrospection: Plugin = {
  onValidate: ({ addValidationRule }) => {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
};

function armor(limits: QueryLimits) {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.depthMax, ignoreIntrospection: true },
    maxAliases: { n: limits.aliasesMax },
    maxTokens: { n: limits.tokensMax },
    costLimit: { maxCost: limits.costMax, ignoreIntrospection: true },
    maxDirectives: { n: limits.directivesMax },
    blockFieldSuggestion: { enabled: true },
  });
}

/**
 * The Raftboard GraphQL server for one node: masked unexpected errors, graphql-armor limits,
 * no field suggestions, no batching, CSRF prevention (multipart and GET need the
 * `x-graphql-yoga-csrf` header), multipart uploads capped at the attachment size, SSE
 * subscriptions, GraphiQL + introspection in development only (unless enabled), and CORS for
 * `trustedOrigins` only. Mutations fence themselves, in the schema, only where a refusal or a
 * command needs it (write/fence-on-refusal.ts), so HTTP, SSE and graphql-ws behave alike.
 */
export function createRaftboardYoga(options: RaftboardYogaOptions): RaftboardYoga {
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const limits = { ...queryLimitsDefault, ...options.limits };
  const uploadMax = Math.min(
    options.uploadSizeMaxBytes ?? attachmentSizeMaxBytes,
    attachmentSizeMaxBytes,
  );
  const trustedOrigins = trustedOriginsFrom(options.trustedOrigins ?? []);
  const contextFactory = createContextFactory(
    options.node,
    options.rateLimiter ?? new RateLimiter(),
  );
  const plugins: Plugin[] = [
    armor(limits) as unknown as Plugin,
    useCSRFPrevention(),
    hideSuggestions,
    varyOnOrigin,
  ];
  if (!(options.introspection ?? !production)) plugins.push(disableIntrospection);
  const yoga = createYoga<RaftboardServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    // GraphiQL opens on Raftboard's own examples (playground-examples.ts), not Yoga's welcome.
    graphiql: (options.graphiql ?? !production) ? playgroundOptions : false,
    renderGraphiQL,
    landingPage: false,
    batching: false,
    multipart: true,
    maxRequestBodySize: uploadMax * 2 + multipartOverheadBytes,
    maskedErrors: { maskError: maskErrorWith(options.onUnexpectedError ?? console.error) },
    // Yoga logs each error it masks; maskError has already reported it (as one log line).
    logging: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    cors: corsForTrustedOrigins(trustedOrigins),
    plugins,
    context: ({ request, clientAddress }) =>
      contextFactory({ headers: request.headers, clientAddress }),
  });
  return { yoga, contextFactory, schema, trustedOrigins };
}
