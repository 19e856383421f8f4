import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type LabelRow, labels } from '../schema/labels.ts';
import { type ProjectRole, type ProjectRow, projectMembers, projects } from '../schema/projects.ts';
import { type StatusRow, statuses } from '../schema/statuses.ts';
import { users } from '../schema/users.ts';

/** A membership with the member's user. */
export interface MemberRow {
  projectId: string;
  userId: string;
  role: ProjectRole;
  addedAt: Date;
}

/** Bound on the projects one user is listed in. */
export const projectsListedMax = 1_000;
/** Bound on the members, statuses or labels listed for one project. */
export const projectChildrenListedMax = 1_000;

/** The user's role in each of `projectIds` they belong to. */
export async function rolesOfUser(
  db: Executor,
  userId: string,
  projectIds: readonly string[],
): Promise<Map<string, ProjectRole>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .select({ projectId: projectMembers.projectId, role: projectMembers.role })
    .from(projectMembers)
    .where(
      and(eq(projectMembers.userId, userId), inArray(projectMembers.projectId, [...projectIds])),
    );
  return new Map(rows.map((row) => [row.projectId, row.role]));
}

/** Every project the user belongs to, with their role, by name (bounded). */
export async function projectsOfUser(
  db: Executor,
  userId: string,
  options: { includeArchived: boolean },
) {
  const where = options.includeArchived
    ? eq(projectMembers.userId, userId)
    : and(eq(projectMembers.userId, userId), isNull(projects.archivedAt));
  return db
    .select({ project: projects, role: projectMembers.role })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .where(where)
    .orderBy(asc(projects.name), asc(projects.id))
    .limit(projectsListedMax);
}

/** Projects by id; missing ids are skipped. */
export async function projectsByIds(db: Executor, ids: readonly string[]): Promise<ProjectRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(projects)
    .where(inArray(projects.id, [...ids]));
}

/** A project's members, by join time (bounded). */
export async function membersOfProject(db: Executor, projectId: string): Promise<MemberRow[]> {
  return db
    .select({
      projectId: projectMembers.projectId,
      userId: projectMembers.userId,
      role: projectMembers.role,
      addedAt: projectMembers.addedAt,
    })
    .from(projectMembers)
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(projectMembers.addedAt), asc(projectMembers.userId))
    .limit(projectChildrenListedMax);
}

/** Members of `projectId` whose usernames are in `usernames` (for @mentions). */
export async function membersByUsername(
  db: Executor,
  projectId: string,
  usernames: readonly string[],
) {
  if (usernames.length === 0) return [];
  return db
    .select({ userId: users.id, username: users.username })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), inArray(users.username, [...usernames])));
}

/** A project's board columns in board order. */
export async function statusesOfProject(db: Executor, projectId: string): Promise<StatusRow[]> {
  return db
    .select()
    .from(statuses)
    .where(eq(statuses.projectId, projectId))
    .orderBy(asc(statuses.position), asc(statuses.id))
    .limit(projectChildrenListedMax);
}

/** Statuses by id; missing ids are skipped. */
export async function statusesByIds(db: Executor, ids: readonly string[]): Promise<StatusRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(statuses)
    .where(inArray(statuses.id, [...ids]));
}

/** A project's labels by name. */
export async function labelsOfProject(db: Executor, projectId: string): Promise<LabelRow[]> {
  return db
    .select()
    .from(labels)
    .where(eq(labels.projectId, projectId))
    .orderBy(asc(labels.name), asc(labels.id))
    .limit(projectChildrenListedMax);
}

/** Labels by id; missing ids are skipped. */
export async function labelsByIds(db: Executor, ids: readonly string[]): Promise<LabelRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(labels)
    .where(inArray(labels.id, [...ids]));
}

/** Of `userIds`, those who share at least one project with `viewerId`. */
export async function usersSharingAProject(
  db: Executor,
  viewerId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const mine = db
    .select({ projectId: projectMembers.projectId })
    .from(projectMembers)
    .where(eq(projectMembers.userId, viewerId));
  const rows = await db
    .selectDistinct({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(
      and(inArray(projectMembers.userId, [...userIds]), inArray(projectMembers.projectId, mine)),
    );
  return new Set(rows.map((row) => row.userId));
}
