import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { ProjectAccess } from '../auth/access.ts';
import { resolveViewer } from '../auth/viewer.ts';
import { ClusterUnavailableError, type GraphQLContext } from '../context.ts';
import { apiError, type ErrorCode } from '../errors.ts';
import { createLoaders } from '../read/loaders.ts';

/**
 * Codes of a refusal a pre-check may read from a copy that lags: the thing is not there yet,
 * the role or the version is an old one, the session is not known here yet. Not the others:
 * BAD_USER_INPUT before a proposal is about the input alone (a rule that reads state, like a
 * label of another project, is apply's, after proposing), RATE_LIMITED and UNAVAILABLE say
 * nothing about the board, and a masked error is not an answer to re-check.
 */
const refusalCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'UNAUTHENTICATED',
]);

function isRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  return refusalCodes.has(error.extensions.code as ErrorCode);
}

/**
 * Waits until this node's state holds every write acknowledged before the request began
 * (ReadIndex, then waiting to apply it), once per request: a fence taken for an earlier field
 * of the same request already covers everything acknowledged before the request began.
 * UNAVAILABLE when the cluster cannot confirm its state.
 *
 * Mutations call it themselves before they read local state into the COMMAND, which apply
 * takes as given and does not re-check: a position between neighbours, the default column, a
 * free username, a password verified against a hash. Plain pre-checks do not need it.
 */
export async function fenceOnce(context: GraphQLContext): Promise<void> {
  if (context.writes.fenced) return;
  try {
    await context.readFence({ linearizable: true });
  } catch (error) {
    if (!(error instanceof ClusterUnavailableError)) throw error;
    const message = 'the cluster cannot confirm its state right now; retry with the same requestId';
    throw apiError('UNAVAILABLE', message);
  }
  context.writes.fenced = true;
}

/**
 * Drops what the request read before the fence: the role cache and the batch loaders, and a
 * viewer that was not known here (a session created on another node and not applied here yet).
 * A viewer that is set stays: it may be the one `signIn` just created in this request.
 */
async function forgetStaleReads(context: GraphQLContext): Promise<void> {
  if (context.viewer === null) {
    const { db, request, accessCache } = context;
    context.viewer = await resolveViewer(db, request.headers, context.now(), accessCache);
  }
  context.access = new ProjectAccess(context.db, context.viewer, context.accessCache);
  context.loaders = createLoaders(context.db);
}

/**
 * Runs one mutation field on local state, without a fence. Apply re-checks every pre-check
 * (existence, role, `expectedVersion`…) in the log's order, so a pre-check that passes on a
 * lagging copy costs nothing: apply decides. Only a refusal could be false (the copy has not
 * applied a write acknowledged before the request began), so a refusal thrown BEFORE the field
 * proposed anything is re-checked: fence, forget what was read, run the resolver once more,
 * and report the refusal only if it still holds. A refusal after a proposal is apply's own
 * answer and stands; the field never runs again once it proposed, so nothing is proposed
 * twice. A refusal from an already fenced request stands too.
 *
 * Invariant: the resolver runs at most twice, and the second run starts fenced.
 */
async function resolveWithFenceOnRefusal<Args extends object>(
  resolve: GraphQLFieldResolver<unknown, GraphQLContext, Args>,
  ...call: Parameters<GraphQLFieldResolver<unknown, GraphQLContext, Args>>
): Promise<unknown> {
  const context = call[2];
  const proposalsBefore = context.writes.proposals;
  try {
    return await resolve(...call);
  } catch (error) {
    const proposed = context.writes.proposals !== proposalsBefore;
    if (context.writes.fenced || proposed || !isRefusal(error)) throw error;
  }
  await fenceOnce(context);
  await forgetStaleReads(context);
  return resolve(...call);
}

/**
 * The Pothos plugin that puts `resolveWithFenceOnRefusal` around every Mutation field, so
 * HTTP, SSE and graphql-ws run the same write path and no resolver can forget it.
 */
export class FenceOnRefusalPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.kind !== 'Mutation') return resolver;
    const resolve = resolver as GraphQLFieldResolver<unknown, GraphQLContext, object>;
    return (parent, args, context, info) =>
      resolveWithFenceOnRefusal(resolve, parent, args, context as GraphQLContext, info);
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      fenceOnRefusal: FenceOnRefusalPlugin<Types>;
    }
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const fenceOnRefusalPlugin = 'fenceOnRefusal';

SchemaBuilder.registerPlugin(fenceOnRefusalPlugin, FenceOnRefusalPlugin);
