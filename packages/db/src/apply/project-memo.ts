import type { ProjectRole } from '../schema/projects.ts';
import type { StatusRow } from '../schema/statuses.ts';

/** A project as `requireRole` reads it for one actor: archived or not, and the actor's role. */
export interface ProjectAccessRow {
  archivedAt: Date | null;
  role: ProjectRole | null;
}

/**
 * What the commands of one apply transaction read about projects — a project and an actor's
 * role in it, a project's columns — so the next command of the same batch does not read them
 * again. It lives and dies with the transaction, holds only what that transaction read, and
 * is forgotten after every command that may write projects, memberships or columns
 * (`ApplyBatch.afterCommand`), whether it succeeded or not, so every command reads what the
 * state at its own entry holds: the same as when each entry is applied alone.
 */
export class ProjectMemo {
  private readonly access = new Map<string, ProjectAccessRow | null>();
  private readonly columns = new Map<string, StatusRow[]>();

  /** The project and `actor`'s role in it (null: no such project), loading it on a miss. */
  accessOf(
    projectId: string,
    actor: string,
    load: () => Promise<ProjectAccessRow | undefined>,
  ): Promise<ProjectAccessRow | null> {
    return remembered(
      this.access,
      `${projectId}\u0000${actor}`,
      async () => (await load()) ?? null,
    );
  }

  /** The project's columns in board order, loading them on a miss. */
  columnsOf(projectId: string, load: () => Promise<StatusRow[]>): Promise<StatusRow[]> {
    return remembered(this.columns, projectId, load);
  }

  forget(): void {
    this.access.clear();
    this.columns.clear();
  }
}

/** `map`'s value for `key`, loaded and kept on a miss (values are never undefined). */
async function remembered<V>(map: Map<string, V>, key: string, load: () => Promise<V>): Promise<V> {
  const known = map.get(key);
  if (known !== undefined) return known;
  const value = await load();
  map.set(key, value);
  return value;
}
