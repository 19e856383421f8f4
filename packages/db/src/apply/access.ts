import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { systemActor } from '../commands/fields.ts';
import { type ProjectRole, projectMembers, projects, roleAtLeast } from '../schema/projects.ts';
import { statuses } from '../schema/statuses.ts';
import { type TaskRow, tasks } from '../schema/tasks.ts';
import { users } from '../schema/users.ts';
import type { ApplyContext } from './apply-context.ts';
import { reject } from './outcome.ts';

/**
 * The actor's role in `projectId`, rejecting NOT_FOUND for a missing project and FORBIDDEN
 * when the actor is not a member with at least `minimum`, or when the project is archived and
 * the command writes (`allowArchived` lets unarchiving through).
 */
export async function requireRole(
  ctx: ApplyContext,
  projectId: string,
  minimum: ProjectRole,
  options: { allowArchived?: boolean } = {},
): Promise<ProjectRole> {
  const project = await ctx.projects.accessOf(projectId, ctx.actor, async () => {
    const [row] = await ctx.tx
      .select({ archivedAt: projects.archivedAt, role: projectMembers.role })
      .from(projects)
      .leftJoin(
        projectMembers,
        and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, ctx.actor)),
      )
      .where(eq(projects.id, projectId));
    return row;
  });
  if (!project) return reject('NOT_FOUND', `project ${projectId} does not exist`);
  const member = project.role === null ? undefined : { role: project.role };
  if (!member) return reject('FORBIDDEN', `${ctx.actor} is not a member of project ${projectId}`);
  if (!roleAtLeast(member.role, minimum)) {
    return reject('FORBIDDEN', `${ctx.actor} is ${member.role}; this needs ${minimum}`);
  }
  if (project.archivedAt !== null && minimum !== 'viewer' && !options.allowArchived) {
    return reject('FORBIDDEN', `project ${projectId} is archived`);
  }
  return member.role;
}

/** Rejects FORBIDDEN unless the command was proposed by the leader as `system`. */
export function requireSystem(ctx: ApplyContext): void {
  if (ctx.actor !== systemActor) reject('FORBIDDEN', 'only the cluster proposes this command');
}

/** Rejects NOT_FOUND unless the actor is an existing user. */
export async function requireUser(ctx: ApplyContext, userId: string): Promise<void> {
  const [user] = await ctx.tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!user) reject('NOT_FOUND', `user ${userId} does not exist`);
}

/** The live (not deleted) task `taskId`, or a NOT_FOUND rejection. */
export async function loadTask(ctx: ApplyContext, taskId: string): Promise<TaskRow> {
  const [task] = await ctx.tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), isNull(tasks.deletedAt)));
  return task ?? reject('NOT_FOUND', `task ${taskId} does not exist`);
}

/** The live task and the actor's role in its project (at least `minimum`). */
export async function loadTaskForWrite(
  ctx: ApplyContext,
  taskId: string,
  minimum: ProjectRole = 'member',
): Promise<{ task: TaskRow; role: ProjectRole }> {
  const task = await loadTask(ctx, taskId);
  const role = await requireRole(ctx, task.projectId, minimum);
  return { task, role };
}

/** The project's columns in board order (read once per batch; see `ProjectMemo`). */
function columnsOf(ctx: ApplyContext, projectId: string) {
  return ctx.projects.columnsOf(projectId, () =>
    ctx.tx
      .select()
      .from(statuses)
      .where(eq(statuses.projectId, projectId))
      .orderBy(asc(statuses.position), asc(statuses.id)),
  );
}

/** The column a task goes to when none is named: the first unstarted one, else the first. */
export async function defaultStatus(ctx: ApplyContext, projectId: string) {
  const columns = await columnsOf(ctx, projectId);
  const status = columns.find((column) => column.category === 'unstarted') ?? columns[0];
  return status ?? reject('INVALID', `project ${projectId} has no statuses`);
}

/** Status `statusId` of `projectId`, or a NOT_FOUND rejection. */
export async function loadStatus(ctx: ApplyContext, projectId: string, statusId: string) {
  const status = (await columnsOf(ctx, projectId)).find((column) => column.id === statusId);
  return status ?? reject('NOT_FOUND', `status ${statusId} is not in project ${projectId}`);
}

/** Rejects INVALID unless every user in `userIds` is a member of `projectId`. */
export async function requireMembers(
  ctx: ApplyContext,
  projectId: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  const found = await ctx.tx
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), inArray(projectMembers.userId, userIds)));
  const members = new Set(found.map((row) => row.userId));
  const missing = userIds.filter((id) => !members.has(id));
  if (missing.length > 0) {
    reject('INVALID', `not members of project ${projectId}: ${missing.join(', ')}`);
  }
}
