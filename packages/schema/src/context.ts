import type { CommandOutcome } from '@raftboard/db/apply';
import type { Database } from '@raftboard/db/client';
import type { CommandInput } from '@raftboard/db/commands';
import type { ProjectAccess } from './auth/access.ts';
import type { AccessCache } from './auth/access-cache.ts';
import type { OidcSignIn } from './auth/oidc.ts';
import type { RateLimiter } from './auth/rate-limiter.ts';
import type { Viewer } from './auth/viewer.ts';
import type { WebhookTargetGuard } from './integrations/webhook-target.ts';
import type { EventHub } from './live/event-hub.ts';
import type { Loaders } from './read/loaders.ts';

/** A cluster member as the answering node sees it. */
export interface ClusterNodeStatus {
  id: string;
  role: 'leader' | 'follower' | 'candidate' | 'preCandidate' | 'learner' | 'unreachable';
  /**
   * Term, commit and applied index as the member last reported them; null for a member the
   * answering node has not heard from (it does not guess them).
   */
  term: number | null;
  commitIndex: number | null;
  appliedIndex: number | null;
  /** Entries this member is behind the leader's log; null when the answering node cannot tell. */
  lag: number | null;
}

/** The cluster as the answering node sees it at the moment of the query. */
export interface ClusterStatus {
  leaderId: string | null;
  term: number;
  nodes: ClusterNodeStatus[];
}

/** What `propose` resolves with once the answering node has applied the entry. */
export interface ProposeResult {
  /** The log index of the entry that carried the command. */
  index: number;
  /** What apply answered; `index` is the log index that first carried the request. */
  outcome: CommandOutcome;
}

/** How fresh the local state must be before a read runs. */
export interface ReadFenceOptions {
  /** ReadIndex: confirm leadership with a heartbeat round, then wait to apply that index. */
  linearizable?: boolean;
  /** Wait until this node has applied at least this log index. */
  minIndex?: number;
}

/**
 * Thrown by the node's `propose`/`readFence` when the cluster cannot answer in time (no
 * leader, no quorum, timeout). The API reports it as UNAVAILABLE; the client may retry with
 * the same requestId. The API tells it apart with `instanceof`, so throw this class, imported
 * from here (`@raftboard/schema/context`), never a look-alike with the same `name`.
 */
export class ClusterUnavailableError extends Error {
  override readonly name = 'ClusterUnavailableError';
}

/**
 * What the node process gives the schema, once per process. The schema reaches state and the
 * cluster only through this, so it never imports a socket or a Raft driver.
 */
export interface NodeServices {
  /** The node's Drizzle handle, for local reads. Writes go through `propose` only. */
  db: Database;
  /** Live committed events; the node publishes into it after each apply transaction commits. */
  hub: EventHub;
  cluster: {
    status(): ClusterStatus;
  };
  /**
   * Replicates `command` through Raft and resolves after THIS node applied its entry, with
   * apply's outcome. Throws `ClusterUnavailableError` for no leader or timeouts.
   */
  propose(command: CommandInput): Promise<ProposeResult>;
  /** Resolves once local state is at least as new as asked. Throws `ClusterUnavailableError`. */
  readFence(options: ReadFenceOptions): Promise<void>;
  /** The proposer's clock: the only time commands carry. */
  now(): Date;
  /** A new, unique, time-ordered entity id (UUIDv7); see `uuidv7` in ids.ts. */
  newId(): string;
  /** Which webhook URLs deliveries may reach (the operator's SSRF policy). */
  webhookTargets: WebhookTargetGuard;
  /** The OpenID provider people may sign in with; absent or null when none is configured. */
  oidc?: OidcSignIn | null;
}

/** Facts about the HTTP request that authentication and rate limits need. */
export interface RequestInfo {
  headers: Headers;
  /** The client's address as the node saw it, when known (rate-limit key). */
  clientAddress?: string | undefined;
}

/**
 * What every resolver receives: the node's services plus what belongs to one request (the
 * viewer, a per-request cache of project roles, the node-wide rate limiter).
 */
export interface GraphQLContext extends NodeServices {
  /** Who is calling, or null for anonymous requests. */
  viewer: Viewer | null;
  /** The viewer's roles, loaded once per request and dropped after each write. */
  access: ProjectAccess;
  /** The node's cache of credentials and roles, which `access` and the viewer read through. */
  accessCache: AccessCache;
  rateLimiter: RateLimiter;
  /** Per-request batch loaders (tasks, users, statuses, assignees, labels). */
  loaders: Loaders;
  request: RequestInfo;
  /** What the write path remembers about this request (write/fence-on-refusal.ts). */
  writes: RequestWrites;
}

/**
 * One request's write bookkeeping. An object of its own, shared by reference: Yoga copies the
 * context's properties into its own context object, and `propose` must count on the one the
 * resolvers see.
 */
export interface RequestWrites {
  /**
   * Commands this request has handed to the node's `propose` so far (counted before the call,
   * so a proposal that failed counts too). A mutation field whose count did not move refused
   * before proposing, and may run again after a fence.
   */
  proposals: number;
  /**
   * True once this request passed a linearizable fence: from then on local state holds every
   * write acknowledged before the request began, so a refusal read from it stands.
   */
  fenced: boolean;
}
