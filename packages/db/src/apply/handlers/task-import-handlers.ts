import type { PayloadOf } from '../../commands/command.ts';
import { positionAfter } from '../../position.ts';
import { neighbourPosition } from '../../queries/tasks.ts';
import { taskLabels } from '../../schema/labels.ts';
import type { StatusRow } from '../../schema/statuses.ts';
import { taskAssignees, tasks } from '../../schema/tasks.ts';
import { defaultStatus, loadStatus, requireMembers, requireRole } from '../access.ts';
import type { ApplyContext } from '../apply-context.ts';
import type { CommandHandlers } from '../handler.ts';
import { lifecycleTimestamps } from '../task-changes.ts';
import { requireLabels } from './task-handlers.ts';

type ImportedTask = PayloadOf<'task.import'>['tasks'][number];

/**
 * The id of the `ordinal`th task of the import at log index `index`. Derived, not carried, so
 * every node agrees without the command growing by an id per task.
 */
export function importedTaskId(index: number, ordinal: number): string {
  return `${index}-t${ordinal}`;
}

/** The column of each imported task (the project's default one when it names none). */
async function columnsOfImport(
  ctx: ApplyContext,
  projectId: string,
  imported: readonly ImportedTask[],
): Promise<StatusRow[]> {
  const fallback = await defaultStatus(ctx, projectId);
  const columns: StatusRow[] = [];
  for (const task of imported) {
    columns.push(task.statusId ? await loadStatus(ctx, projectId, task.statusId) : fallback);
  }
  return columns;
}

/**
 * Positions at the bottom of each column, in the order given: each column's last position is
 * read once as of this entry, and the import's tasks count up after it.
 */
async function bottomPositions(
  ctx: ApplyContext,
  columns: readonly StatusRow[],
): Promise<string[]> {
  const last = new Map<string, string | null>();
  const positions: string[] = [];
  for (const column of columns) {
    if (!last.has(column.id)) {
      const from = { position: null, side: 'before' } as const;
      const where = { projectId: column.projectId, statusId: column.id };
      last.set(column.id, await neighbourPosition(ctx.tx, where, from));
    }
    const position = positionAfter(last.get(column.id) ?? null);
    last.set(column.id, position);
    positions.push(position);
  }
  return positions;
}

/** Rejects unless every label and assignee named anywhere in the import belongs to the project. */
async function requireReferences(
  ctx: ApplyContext,
  projectId: string,
  imported: readonly ImportedTask[],
) {
  const assigneeIds = [...new Set(imported.flatMap((task) => task.assigneeIds))];
  const labelIds = [...new Set(imported.flatMap((task) => task.labelIds))];
  await requireMembers(ctx, projectId, assigneeIds);
  await requireLabels(ctx, projectId, labelIds);
}

/** The imported tasks as rows of `tasks`, each in its column at its position. */
function taskRows(
  ctx: ApplyContext,
  p: PayloadOf<'task.import'>,
  placed: { columns: readonly StatusRow[]; positions: readonly string[] },
) {
  return p.tasks.map((task, ordinal) => {
    const column = placed.columns[ordinal] as StatusRow;
    const lifecycle = { startedAt: null, completedAt: null };
    return {
      id: importedTaskId(ctx.index, ordinal),
      projectId: p.projectId,
      statusId: column.id,
      priorityId: task.priority,
      parentId: null,
      title: task.title,
      description: task.description,
      dueDate: task.dueDate,
      startDate: null,
      position: placed.positions[ordinal] as string,
      version: 1,
      createdBy: ctx.actor,
      createdAt: ctx.at,
      updatedAt: ctx.at,
      ...lifecycleTimestamps(lifecycle, column.category, ctx.at),
    };
  });
}

/** The assignee and label rows of the imported tasks, duplicates within a task dropped. */
function linkRows(ctx: ApplyContext, imported: readonly ImportedTask[]) {
  const assignees = imported.flatMap((task, ordinal) =>
    [...new Set(task.assigneeIds)].map((userId) => ({
      taskId: importedTaskId(ctx.index, ordinal),
      userId,
      assignedBy: ctx.actor,
      assignedAt: ctx.at,
    })),
  );
  const labels = imported.flatMap((task, ordinal) =>
    [...new Set(task.labelIds)].map((labelId) => ({
      taskId: importedTaskId(ctx.index, ordinal),
      labelId,
    })),
  );
  return { assignees, labels };
}

/**
 * `task.import`: the tasks, their assignees and their labels in one multi-row INSERT each, and
 * a `task.created` event per task with the payload `task.create` emits, so live boards show
 * them. Assignees are not notified: an import moves existing work in, and up to 500
 * notifications per person from one entry would bury the ones that matter.
 */
export const taskImportHandlers: CommandHandlers<'task.import'> = {
  'task.import': async (ctx, p) => {
    await requireRole(ctx, p.projectId, 'member');
    const columns = await columnsOfImport(ctx, p.projectId, p.tasks);
    await requireReferences(ctx, p.projectId, p.tasks);
    const rows = taskRows(ctx, p, { columns, positions: await bottomPositions(ctx, columns) });
    await ctx.tx.insert(tasks).values(rows);
    const links = linkRows(ctx, p.tasks);
    if (links.assignees.length > 0) await ctx.tx.insert(taskAssignees).values(links.assignees);
    if (links.labels.length > 0) await ctx.tx.insert(taskLabels).values(links.labels);
    for (const [ordinal, row] of rows.entries()) {
      const task = p.tasks[ordinal] as ImportedTask;
      const { projectId, statusId, title, description, dueDate, startDate, position } = row;
      ctx.emit({
        projectId,
        kind: 'task.created',
        entityType: 'task',
        entityId: row.id,
        payload: {
          ...{ projectId, statusId, title, description, dueDate, startDate, position },
          parentId: null,
          priority: task.priority,
          assigneeIds: [...new Set(task.assigneeIds)],
          labelIds: [...new Set(task.labelIds)],
          version: 1,
        },
      });
    }
    return { taskIds: rows.map((row) => row.id) };
  },
};
