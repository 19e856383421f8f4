import type { ProjectRole } from '@raftboard/db/schema';
import type { EventHub } from '../live/event-hub.ts';

/** Bound on the credentials, and on the (user, project) roles, one node keeps. */
export const accessCacheEntriesMax = 10_000;

/** A live session or API token as the cache keeps it: what a viewer is built from. */
export interface CachedCredential {
  id: string;
  userId: string;
  /** API tokens only; a session holds every scope. */
  scopes?: readonly string[];
  /** Null for an API token that never expires. */
  expiresAt: Date | null;
}

/**
 * The node's cache of live credentials (by token hash) and project roles (by user and
 * project), so a request does not read them from MySQL each time. It holds what the applied
 * state says and is dropped whenever an apply transaction that changed access commits
 * (`AppliedBatch.accessChanged`, a snapshot install included), before that transaction's
 * proposer hears back: a revocation takes effect on each node at its log index, as it did
 * without the cache. Expiry is checked on every use, against the request's clock.
 *
 * A read that started before a drop is not cached after it (the generation moved), so a value
 * read from the state before a change never outlives the change. Unknown tokens are not cached:
 * a new session needs no drop to be found.
 */
export class AccessCache {
  private generation = 0;
  private readonly credentials = new Map<string, CachedCredential>();
  private readonly roles = new Map<string, ProjectRole | null>();

  /** A cache dropped by every access-changing batch `hub` publishes. */
  static following(hub: EventHub): AccessCache {
    const cache = new AccessCache();
    hub.subscribe((batch) => {
      if (batch.accessChanged) cache.drop();
    });
    return cache;
  }

  /** Forgets everything (the state it came from changed). */
  drop(): void {
    this.generation += 1;
    this.credentials.clear();
    this.roles.clear();
  }

  /** The live credential with this token hash at `now`, loading it on a miss. */
  async credential(
    tokenHash: string,
    now: Date,
    load: () => Promise<CachedCredential | undefined>,
  ): Promise<CachedCredential | undefined> {
    let found = this.credentials.get(tokenHash);
    if (found === undefined) {
      const generation = this.generation;
      found = await load();
      if (found === undefined) return undefined;
      if (generation === this.generation) remember(this.credentials, tokenHash, found);
    }
    return found.expiresAt === null || found.expiresAt > now ? found : undefined;
  }

  /** The user's role in the project (null: none), loading it on a miss. */
  async role(
    userId: string,
    projectId: string,
    load: () => Promise<ProjectRole | null>,
  ): Promise<ProjectRole | null> {
    const key = `${userId}\u0000${projectId}`;
    const cached = this.roles.get(key);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const role = await load();
    if (generation === this.generation) remember(this.roles, key, role);
    return role;
  }
}

/** Sets `key`, first emptying a full map: a crude bound, refilled by the next requests. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= accessCacheEntriesMax) map.clear();
  map.set(key, value);
}
