import type { Database } from '@raftboard/db/client';
import { rolesOfUser, usersSharingAProject } from '@raftboard/db/queries/projects';
import type { ProjectRole } from '@raftboard/db/schema';
import { roleAtLeast } from '@raftboard/db/schema';
import { forbidden, notFound, unauthenticated } from '../errors.ts';
import type { AccessCache } from './access-cache.ts';
import type { TokenScope, Viewer } from './viewer.ts';

/**
 * The viewer's roles in projects, read once per request (through the node's `AccessCache` when
 * given). `forget()` drops the request's cache after a write, so a payload read after
 * `createProject` sees the new membership (the node's cache was dropped by its apply).
 */
export class ProjectAccess {
  private readonly roles = new Map<string, Promise<ProjectRole | null>>();
  private readonly users = new Map<string, Promise<boolean>>();

  constructor(
    private readonly db: Database,
    private readonly viewer: Viewer | null,
    private readonly cache: AccessCache | null = null,
  ) {}

  /** The viewer's role in `projectId`, or null (anonymous, not a member, no such project). */
  roleIn(projectId: string): Promise<ProjectRole | null> {
    const viewer = this.viewer;
    if (viewer === null || !viewer.scopes.has('read')) return Promise.resolve(null);
    let role = this.roles.get(projectId);
    if (role === undefined) {
      const load = () =>
        rolesOfUser(this.db, viewer.userId, [projectId]).then((m) => m.get(projectId) ?? null);
      role = this.cache ? this.cache.role(viewer.userId, projectId, load) : load();
      this.roles.set(projectId, role);
    }
    return role;
  }

  /** True when the viewer may read `projectId` (any role). */
  async canRead(projectId: string): Promise<boolean> {
    return (await this.roleIn(projectId)) !== null;
  }

  /**
   * The viewer's role, demanding at least `minimum`: UNAUTHENTICATED for anonymous callers,
   * NOT_FOUND for outsiders (existence is not confirmed), FORBIDDEN for too low a role.
   */
  async require(projectId: string, minimum: ProjectRole, what = 'project'): Promise<ProjectRole> {
    if (this.viewer === null) throw unauthenticated();
    const role = await this.roleIn(projectId);
    if (role === null) throw notFound(`${what} not found`);
    if (!roleAtLeast(role, minimum)) throw forbidden(`this needs the ${minimum} role`);
    return role;
  }

  /** True when the viewer may see `userId`: themself or someone they share a project with. */
  async canSeeUser(userId: string): Promise<boolean> {
    const viewer = this.viewer;
    if (viewer === null || !viewer.scopes.has('read')) return false;
    if (viewer.userId === userId) return true;
    let visible = this.users.get(userId);
    if (visible === undefined) {
      visible = usersSharingAProject(this.db, viewer.userId, [userId]).then((s) => s.has(userId));
      this.users.set(userId, visible);
    }
    return visible;
  }

  /** Drops every cached role (call after a write). */
  forget(): void {
    this.roles.clear();
    this.users.clear();
  }
}

/**
 * The viewer, demanding `scope`: UNAUTHENTICATED without credentials, FORBIDDEN when an API
 * token lacks the scope.
 */
export function requireViewer(viewer: Viewer | null, scope: TokenScope): Viewer {
  if (viewer === null) throw unauthenticated();
  if (!viewer.scopes.has(scope)) throw forbidden(`this API token lacks the ${scope} scope`);
  return viewer;
}
