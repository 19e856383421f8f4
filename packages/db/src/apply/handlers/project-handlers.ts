import { and, eq, inArray, sql } from 'drizzle-orm';
import { type ProjectRole, projectMembers, projects } from '../../schema/projects.ts';
import { statuses } from '../../schema/statuses.ts';
import { taskAssignees, tasks } from '../../schema/tasks.ts';
import { requireRole, requireUser } from '../access.ts';
import type { ApplyContext } from '../apply-context.ts';
import { defined } from '../defined.ts';
import type { CommandHandlers } from '../handler.ts';
import { reject } from '../outcome.ts';

type ProjectCommand =
  | 'project.create'
  | 'project.update'
  | 'member.add'
  | 'member.updateRole'
  | 'member.remove';

function memberEvent(projectId: string, userId: string, kind: string, payload = {}) {
  return {
    projectId,
    kind,
    entityType: 'member',
    entityId: userId,
    payload: { userId, ...payload },
  };
}

async function memberRole(ctx: ApplyContext, projectId: string, userId: string) {
  const [member] = await ctx.tx
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return member?.role ?? reject('NOT_FOUND', `${userId} is not a member of ${projectId}`);
}

async function ownerCount(ctx: ApplyContext, projectId: string): Promise<number> {
  const [row] = await ctx.tx
    .select({ count: sql<number>`count(*)` })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, 'owner')));
  return Number(row?.count ?? 0);
}

/**
 * Owners are only made or unmade by owners, and a project never loses its last owner.
 * `current` is the target's role now (null when joining), `next` after (null when leaving).
 */
async function guardOwnership(
  ctx: ApplyContext,
  projectId: string,
  actorRole: ProjectRole,
  change: { current: ProjectRole | null; next: ProjectRole | null },
) {
  const touchesOwner = change.current === 'owner' || change.next === 'owner';
  if (touchesOwner && actorRole !== 'owner') reject('FORBIDDEN', 'only an owner manages owners');
  if (change.current === 'owner' && change.next !== 'owner') {
    if ((await ownerCount(ctx, projectId)) <= 1) {
      reject('INVALID', `project ${projectId} would have no owner left`);
    }
  }
}

/** Boards and their members. */
export const projectHandlers: CommandHandlers<ProjectCommand> = {
  'project.create': async (ctx, p) => {
    await requireUser(ctx, ctx.actor);
    const names = new Set(p.statuses.map((status) => status.name));
    if (names.size !== p.statuses.length) reject('INVALID', 'status names must be unique');
    await ctx.tx.insert(projects).values({
      id: p.projectId,
      name: p.name,
      description: p.description,
      createdBy: ctx.actor,
      createdAt: ctx.at,
      updatedAt: ctx.at,
    });
    await ctx.tx.insert(projectMembers).values({
      projectId: p.projectId,
      userId: ctx.actor,
      role: 'owner',
      addedBy: ctx.actor,
      addedAt: ctx.at,
    });
    if (p.statuses.length > 0) {
      await ctx.tx.insert(statuses).values(
        p.statuses.map(({ statusId, ...status }) => ({
          id: statusId,
          projectId: p.projectId,
          ...status,
          createdAt: ctx.at,
          updatedAt: ctx.at,
        })),
      );
    }
    ctx.emit({
      projectId: p.projectId,
      kind: 'project.created',
      entityType: 'project',
      entityId: p.projectId,
      payload: { name: p.name, description: p.description, statuses: p.statuses },
    });
    return { projectId: p.projectId };
  },

  'project.update': async (ctx, { projectId, archived, ...given }) => {
    const fields = defined(given);
    await requireRole(ctx, projectId, 'admin', { allowArchived: true });
    const [before] = await ctx.tx.select().from(projects).where(eq(projects.id, projectId));
    if (!before) return reject('NOT_FOUND', `project ${projectId} does not exist`);
    const set: Partial<typeof projects.$inferInsert> = { ...fields, updatedAt: ctx.at };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(fields)) {
      changes[key] = { from: before[key as keyof typeof fields], to: value };
    }
    if (archived !== undefined && archived !== (before.archivedAt !== null)) {
      set.archivedAt = archived ? ctx.at : null;
      changes.archived = { from: !archived, to: archived };
    }
    await ctx.tx.update(projects).set(set).where(eq(projects.id, projectId));
    ctx.emit({
      projectId,
      kind: 'project.updated',
      entityType: 'project',
      entityId: projectId,
      payload: { changes },
    });
    return { projectId };
  },

  'member.add': async (ctx, p) => {
    const actorRole = await requireRole(ctx, p.projectId, 'admin');
    await requireUser(ctx, p.userId);
    await guardOwnership(ctx, p.projectId, actorRole, { current: null, next: p.role });
    const [existing] = await ctx.tx
      .select({ role: projectMembers.role })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, p.projectId), eq(projectMembers.userId, p.userId)));
    if (existing) reject('ALREADY_EXISTS', `${p.userId} is already a member`);
    await ctx.tx.insert(projectMembers).values({ ...p, addedBy: ctx.actor, addedAt: ctx.at });
    ctx.emit(memberEvent(p.projectId, p.userId, 'member.added', { role: p.role }));
    ctx.notify({
      userId: p.userId,
      kind: 'project.memberAdded',
      projectId: p.projectId,
      taskId: null,
      payload: { role: p.role, by: ctx.actor },
    });
    return { projectId: p.projectId, userId: p.userId };
  },

  'member.updateRole': async (ctx, p) => {
    const actorRole = await requireRole(ctx, p.projectId, 'admin');
    const current = await memberRole(ctx, p.projectId, p.userId);
    if (current === p.role) return { projectId: p.projectId, userId: p.userId, changed: false };
    await guardOwnership(ctx, p.projectId, actorRole, { current, next: p.role });
    await ctx.tx
      .update(projectMembers)
      .set({ role: p.role })
      .where(and(eq(projectMembers.projectId, p.projectId), eq(projectMembers.userId, p.userId)));
    ctx.emit(
      memberEvent(p.projectId, p.userId, 'member.roleChanged', { from: current, to: p.role }),
    );
    return { projectId: p.projectId, userId: p.userId, changed: true };
  },

  'member.remove': async (ctx, p) => {
    // Anyone may leave; removing someone else takes an admin (an owner, for an owner).
    const leaving = p.userId === ctx.actor;
    const actorRole = await requireRole(ctx, p.projectId, leaving ? 'viewer' : 'admin');
    const current = await memberRole(ctx, p.projectId, p.userId);
    await guardOwnership(ctx, p.projectId, actorRole, { current, next: null });
    const projectTasks = ctx.tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(eq(tasks.projectId, p.projectId));
    await ctx.tx
      .delete(taskAssignees)
      .where(and(eq(taskAssignees.userId, p.userId), inArray(taskAssignees.taskId, projectTasks)));
    await ctx.tx
      .delete(projectMembers)
      .where(and(eq(projectMembers.projectId, p.projectId), eq(projectMembers.userId, p.userId)));
    ctx.emit(memberEvent(p.projectId, p.userId, 'member.removed', { role: current }));
    return { projectId: p.projectId, userId: p.userId };
  },
};
