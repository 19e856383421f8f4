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
 * (`changesProjects`), whether it succeeded or not, so every command reads what the state at
 * its own entry holds: the same as when each entry is applied alone.
 */
export class ProjectMemo {
  private readonly access = new Map<string, ProjectAccessRow | null>();
  private readonly columns = new Map<string, StatusRow[]>();

  /** The project and `actor`'s role in it (null: no such project), loading it on a miss. */
  async accessOf(
    projectId: string,
    actor: string,
    load: () => Promise<ProjectAccessRow | undefined>,
  ): Promise<ProjectAccessRow | null> {
    const key = `${projectId}\u0000${actor}`;
    const known = this.access.get(key);
    if (known !== undefined) return known;
    const row = (await load()) ?? null;
    this.access.set(key, row);
    return row;
  }

  /** The project's columns in board order, loading them on a miss. */
  async columnsOf(projectId: string, load: () => Promise<StatusRow[]>): Promise<StatusRow[]> {
    const known = this.columns.get(projectId);
    if (known !== undefined) return known;
    const rows = await load();
    this.columns.set(projectId, rows);
    return rows;
  }

  forget(): void {
    this.access.clear();
    this.columns.clear();
  }
}

const projectCommandPrefixes = ['project.', 'member.', 'status.'];

/** True for the command types that write projects, memberships or columns. */
export function changesProjects(commandType: string): boolean {
  return projectCommandPrefixes.some((prefix) => commandType.startsWith(prefix));
}
