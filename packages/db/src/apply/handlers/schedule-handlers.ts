import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { positionAfter } from '../../position.ts';
import { neighbourPosition } from '../../queries/tasks.ts';
import { taskLabels } from '../../schema/labels.ts';
import { notifications } from '../../schema/notifications.ts';
import { projects } from '../../schema/projects.ts';
import {
  occurrences,
  type RecurrenceRow,
  recurrences,
  scheduleClock,
} from '../../schema/recurrences.ts';
import { type TaskRow, taskAssignees, tasks } from '../../schema/tasks.ts';
import { users } from '../../schema/users.ts';
import { defaultStatus, loadTaskForWrite, requireSystem } from '../access.ts';
import type { ApplyContext } from '../apply-context.ts';
import type { CommandHandlers } from '../handler.ts';
import { reject } from '../outcome.ts';
import { RecurrenceRule } from '../recurrence-rule.ts';
import {
  dayMs,
  digestDueAt,
  dueSoonAt,
  occurrenceDueAt,
  overdueAt,
  utcDay,
} from '../schedule-windows.ts';
import { lifecycleTimestamps } from '../task-changes.ts';
import { notifyOverdue, sendDueReminders } from './system-handlers.ts';

type ScheduleCommand = 'recurrence.set' | 'recurrence.clear' | 'schedule.tick';

/** Bound on the occurrences one tick makes; past it the tick answers `more` and the leader ticks again. */
export const occurrencesPerTickMax = 100;
/** Bound on the tasks one tick reminds. */
export const remindersPerTickMax = 100;

/** The id of the `ordinal`th occurrence task made by the entry at `index`. */
function occurrenceTaskId(index: number, ordinal: number): string {
  return `${index}-o${ordinal}`;
}

function parseRule(rule: string, startsAt: Date): RecurrenceRule {
  const parsed = RecurrenceRule.parse(rule, startsAt);
  return 'error' in parsed ? reject('INVALID', parsed.error) : parsed;
}

/** What each occurrence of a recurrence copies, read once per tick. */
interface Template {
  task: TaskRow;
  archived: boolean;
  assigneeIds: string[];
  labelIds: string[];
}

/** The recurrence's template task with its project's state, assignees and labels. */
async function loadTemplate(ctx: ApplyContext, taskId: string): Promise<Template | null> {
  const [found] = await ctx.tx
    .select({ task: tasks, archivedAt: projects.archivedAt })
    .from(tasks)
    .innerJoin(projects, eq(projects.id, tasks.projectId))
    .where(eq(tasks.id, taskId));
  if (!found) return null;
  const assignees = await ctx.tx
    .select({ userId: taskAssignees.userId })
    .from(taskAssignees)
    .where(eq(taskAssignees.taskId, taskId))
    .orderBy(taskAssignees.userId);
  const labels = await ctx.tx
    .select({ labelId: taskLabels.labelId })
    .from(taskLabels)
    .where(eq(taskLabels.taskId, taskId))
    .orderBy(taskLabels.labelId);
  return {
    task: found.task,
    archived: found.archivedAt !== null,
    assigneeIds: assignees.map((row) => row.userId),
    labelIds: labels.map((row) => row.labelId),
  };
}

/**
 * Makes the occurrence of `recurrence` at `occursAt`: a copy of the template task (title,
 * description, priority, labels, assignees) at the bottom of the project's first open column,
 * due that day. The occurrence row's primary key makes a second attempt at the same time fail,
 * which apply never reaches: `nextAt` moves past it in the same transaction.
 */
async function makeOccurrence(
  ctx: ApplyContext,
  recurrence: RecurrenceRow,
  { task: template, assigneeIds, labelIds }: Template,
  occursAt: Date,
  ordinal: number,
) {
  const column = await defaultStatus(ctx, recurrence.projectId);
  const last = await neighbourPosition(
    ctx.tx,
    { projectId: recurrence.projectId, statusId: column.id },
    { position: null, side: 'before' },
  );
  const taskId = occurrenceTaskId(ctx.index, ordinal);
  const dueDate = utcDay(occursAt);
  const row = {
    id: taskId,
    projectId: recurrence.projectId,
    statusId: column.id,
    priorityId: template.priorityId,
    parentId: null,
    title: template.title,
    description: template.description,
    dueDate,
    startDate: null,
    position: positionAfter(last),
    version: 1,
    createdBy: recurrence.createdBy,
    createdAt: ctx.at,
    updatedAt: ctx.at,
    ...lifecycleTimestamps({ startedAt: null, completedAt: null }, column.category, ctx.at),
  };
  await ctx.tx.insert(tasks).values(row);
  if (assigneeIds.length > 0) {
    await ctx.tx.insert(taskAssignees).values(
      assigneeIds.map((userId) => ({
        taskId,
        userId,
        assignedBy: recurrence.createdBy,
        assignedAt: ctx.at,
      })),
    );
  }
  if (labelIds.length > 0) {
    await ctx.tx.insert(taskLabels).values(labelIds.map((labelId) => ({ taskId, labelId })));
  }
  await ctx.tx.insert(occurrences).values({ recurrenceId: recurrence.id, occursAt, taskId });
  const { projectId, statusId, title, description, startDate, position } = row;
  ctx.emit({
    projectId,
    kind: 'task.created',
    entityType: 'task',
    entityId: taskId,
    payload: {
      ...{ projectId, statusId, title, description, dueDate, startDate, position },
      parentId: null,
      priority: template.priorityId,
      assigneeIds,
      labelIds,
      version: 1,
      recurrence: { recurrenceId: recurrence.id, templateTaskId: template.id, occursAt },
    },
  });
  return taskId;
}

/**
 * Makes every occurrence of the recurrences due at `now`, earliest first, at most `budget`;
 * a recurrence whose template is deleted or whose project is archived moves on without one.
 */
async function makeDueOccurrences(ctx: ApplyContext, now: Date, budget: number) {
  const due = await ctx.tx
    .select()
    .from(recurrences)
    .where(occurrenceDueAt(now.getTime()))
    .orderBy(asc(recurrences.nextAt), asc(recurrences.id))
    .limit(budget);
  const made: string[] = [];
  let more = false;
  for (const recurrence of due) {
    const rule = parseRule(recurrence.rule, recurrence.startsAt);
    const template = await loadTemplate(ctx, recurrence.templateTaskId);
    const deleted = template === null || template.task.deletedAt !== null;
    let nextAt = recurrence.nextAt;
    let count = recurrence.made;
    while (nextAt !== null && nextAt.getTime() <= now.getTime()) {
      if (made.length >= budget) {
        more = true;
        break;
      }
      if (template !== null && !deleted && !template.archived) {
        made.push(await makeOccurrence(ctx, recurrence, template, nextAt, made.length));
        count++;
      }
      // A deleted template ends the series; an archived project skips what falls due.
      nextAt = deleted ? null : rule.next(nextAt, false);
    }
    await ctx.tx
      .update(recurrences)
      .set({ nextAt, made: count })
      .where(eq(recurrences.id, recurrence.id));
    if (more) break;
  }
  return { made, more: more || due.length === budget };
}

/** Bound on the people one tick sends a digest to. */
export const digestsPerTickMax = 50;
/** Bound on the notifications one digest lists. */
export const digestItemsMax = 50;

/**
 * From 07:00 UTC (`digestHourUtc`) on, sends each person who takes a daily digest one email listing their
 * notifications of the last day (at most `digestItemsMax`), once per UTC day; nothing when
 * there were none.
 */
async function sendDigests(ctx: ApplyContext, now: Date, limit: number) {
  const owed = digestDueAt(now.getTime());
  if (owed === null) return { digests: [], more: false };
  const today = utcDay(now);
  const due = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(owed)
    .orderBy(asc(users.id))
    .limit(limit);
  const sent: string[] = [];
  for (const user of due) {
    const items = await ctx.tx
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, user.id),
          gt(notifications.createdAt, new Date(now.getTime() - dayMs)),
        ),
      )
      .orderBy(desc(notifications.logIndex), desc(notifications.id))
      .limit(digestItemsMax);
    if (items.length > 0) {
      ctx.email({
        userId: user.id,
        idempotencyKey: `digest:${user.id}:${today}`,
        payload: {
          template: 'digest',
          day: today,
          items: items.map((item) => ({
            kind: item.kind,
            projectId: item.projectId,
            taskId: item.taskId,
            at: item.createdAt.toISOString(),
            payload: item.payload,
          })),
        },
      });
      sent.push(user.id);
    }
    await ctx.tx.update(users).set({ digestSentOn: today }).where(eq(users.id, user.id));
  }
  return { digests: sent, more: due.length === limit };
}

/**
 * Recurring tasks and the leader's clock. `schedule.tick` carries the leader's time: apply makes
 * what fell due by then, so whichever leader ticks, and however often, each occurrence is made
 * once, and a tick from a leader whose clock is behind the latest one does nothing.
 */
export const scheduleHandlers: CommandHandlers<ScheduleCommand> = {
  'recurrence.set': async (ctx, p) => {
    const { task } = await loadTaskForWrite(ctx, p.taskId);
    // RRULE times are whole seconds: anchored at 09:00:00.500, the first occurrence would be at
    // 09:00:00, before the anchor, and skipped.
    const startsAt = new Date(Math.floor(p.startsAt / 1_000) * 1_000);
    const rule = parseRule(p.rule, startsAt);
    // Only occurrences from now on: setting a rule never makes tasks for the past.
    const from = new Date(Math.max(startsAt.getTime(), ctx.at.getTime()));
    const nextAt = rule.next(from, true);
    if (nextAt === null) reject('INVALID', 'the rule has no occurrence in the next five years');
    const [existing] = await ctx.tx
      .select()
      .from(recurrences)
      .where(eq(recurrences.templateTaskId, task.id));
    const fields = { rule: p.rule, startsAt, nextAt };
    if (existing) {
      await ctx.tx.update(recurrences).set(fields).where(eq(recurrences.id, existing.id));
    } else {
      await ctx.tx.insert(recurrences).values({
        id: p.recurrenceId,
        projectId: task.projectId,
        templateTaskId: task.id,
        ...fields,
        made: 0,
        createdBy: ctx.actor,
        createdAt: ctx.at,
      });
    }
    const recurrenceId = existing?.id ?? p.recurrenceId;
    ctx.emit({
      projectId: task.projectId,
      kind: 'task.recurrenceSet',
      entityType: 'task',
      entityId: task.id,
      payload: { recurrenceId, rule: p.rule, startsAt, nextAt },
    });
    return { recurrenceId, nextAt: nextAt?.getTime() ?? null };
  },

  'recurrence.clear': async (ctx, p) => {
    const { task } = await loadTaskForWrite(ctx, p.taskId);
    const [existing] = await ctx.tx
      .select()
      .from(recurrences)
      .where(eq(recurrences.templateTaskId, task.id));
    if (!existing) return reject('NOT_FOUND', `task ${task.id} does not recur`);
    // The tasks it made stay; only the record of which occurrence made which goes.
    await ctx.tx.delete(occurrences).where(eq(occurrences.recurrenceId, existing.id));
    await ctx.tx.delete(recurrences).where(eq(recurrences.id, existing.id));
    ctx.emit({
      projectId: task.projectId,
      kind: 'task.recurrenceCleared',
      entityType: 'task',
      entityId: task.id,
      payload: { recurrenceId: existing.id },
    });
    return { recurrenceId: existing.id };
  },

  'schedule.tick': async (ctx, p) => {
    requireSystem(ctx);
    const now = new Date(p.now);
    const [clock] = await ctx.tx.select().from(scheduleClock).where(eq(scheduleClock.id, 1));
    if (clock && clock.tickedAt.getTime() >= p.now) {
      const tickedAt = clock.tickedAt.getTime();
      return { made: [], reminded: [], overdue: [], digests: [], more: false, tickedAt };
    }
    await ctx.tx
      .insert(scheduleClock)
      .values({ id: 1, tickedAt: now })
      .onDuplicateKeyUpdate({ set: { tickedAt: now } });
    const occurrencesDue = await makeDueOccurrences(ctx, now, occurrencesPerTickMax);
    const reminders = await sendDueReminders(ctx, dueSoonAt(p.now), remindersPerTickMax);
    const overdue = await notifyOverdue(ctx, overdueAt(p.now), remindersPerTickMax);
    const digests = await sendDigests(ctx, now, digestsPerTickMax);
    return {
      made: occurrencesDue.made,
      reminded: reminders.remindedTaskIds,
      overdue: overdue.overdue,
      digests: digests.digests,
      more: occurrencesDue.more || reminders.more || overdue.more || digests.more,
      tickedAt: p.now,
    };
  },
};
