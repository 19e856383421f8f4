import { ProjectAccess } from './auth/access.ts';
import { AccessCache } from './auth/access-cache.ts';
import { RateLimiter } from './auth/rate-limiter.ts';
import { resolveViewer } from './auth/viewer.ts';
import type { GraphQLContext, NodeServices, RequestInfo } from './context.ts';
import { createLoaders } from './read/loaders.ts';

/** Builds the per-request context from what the node provides. */
export type ContextFactory = (request: RequestInfo) => Promise<GraphQLContext>;

/**
 * A context factory for one node: resolves the viewer from the request's credential and gives
 * each request a fresh role cache and the node-wide rate limiter. Yoga uses it for HTTP and SSE;
 * the node calls it from graphql-ws `context` with the upgrade request's headers.
 */
export function createContextFactory(
  node: NodeServices,
  rateLimiter: RateLimiter = new RateLimiter(),
): ContextFactory {
  const accessCache = AccessCache.following(node.hub);
  return async (request) => {
    const viewer = await resolveViewer(node.db, request.headers, node.now(), accessCache);
    const writes = { proposals: 0, fenced: false };
    return {
      db: node.db,
      hub: node.hub,
      cluster: node.cluster,
      propose: (command) => {
        writes.proposals += 1;
        return node.propose(command);
      },
      readFence: (options) => node.readFence(options),
      now: () => node.now(),
      newId: () => node.newId(),
      webhookTargets: node.webhookTargets,
      oidc: node.oidc ?? null,
      viewer,
      access: new ProjectAccess(node.db, viewer, accessCache),
      accessCache,
      rateLimiter,
      loaders: createLoaders(node.db),
      request,
      writes,
    };
  };
}
