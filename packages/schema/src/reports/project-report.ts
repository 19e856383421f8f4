import { reportDaysMax } from '@raftboard/db/queries/reports';
import type { EventRow } from '@raftboard/db/schema';

/** What a report needs of one event: the part of an events row it replays. */
export type ReportEvent = Pick<EventRow, 'kind' | 'entityId' | 'at' | 'payload'>;

/** Status categories, as reports group them. */
export type Category = 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';

/** Age buckets of open tasks, in days: [0,1), [1,7), [7,30), [30,∞). */
export const agingBucketBoundsDays = [1, 7, 30] as const;

const dayMs = 24 * 60 * 60 * 1000;
const weekMs = 7 * dayMs;

/** Per-task state as the replay builds it. */
interface TaskState {
  createdAt: Date;
  statusId: string;
  startedAt: Date | null;
  completedAt: Date | null;
  deletedAt: Date | null;
  assignees: Set<string>;
}

/** Durations in hours at the 50th and 85th percentile (nearest rank); null without data. */
export interface Percentiles {
  p50Hours: number | null;
  p85Hours: number | null;
  count: number;
}

/** The report `project.report(from, to)` answers. */
export interface ProjectReport {
  from: Date;
  to: Date;
  /** Tasks open at some point of the window (the scope). */
  scope: number;
  completed: number;
  /** completed / scope, 0 when the scope is empty. */
  completionRate: number;
  throughputPerWeek: { weekStart: Date; completed: number }[];
  leadTime: Percentiles;
  cycleTime: Percentiles;
  aging: { label: string; count: number }[];
  cumulativeFlow: { day: string; counts: Record<Category, number> }[];
  perAssignee: { userId: string; open: number; completed: number }[];
}

/** The p-th percentile (0-100) of sorted values by nearest rank. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

function percentiles(durationsMs: number[]): Percentiles {
  const hours = durationsMs.map((ms) => ms / 3_600_000).sort((a, b) => a - b);
  return { p50Hours: percentile(hours, 50), p85Hours: percentile(hours, 85), count: hours.length };
}

type StatusChange = { statusId?: { to?: unknown } };

function applyEvent(
  tasks: Map<string, TaskState>,
  event: ReportEvent,
  category: (s: string) => Category,
) {
  const task = tasks.get(event.entityId);
  if (event.kind === 'task.created') {
    const statusId = String(event.payload.statusId ?? '');
    const assignees = Array.isArray(event.payload.assigneeIds) ? event.payload.assigneeIds : [];
    const state: TaskState = {
      createdAt: event.at,
      statusId,
      startedAt: null,
      completedAt: null,
      deletedAt: null,
      assignees: new Set(assignees.map(String)),
    };
    enter(state, category(statusId), event.at);
    tasks.set(event.entityId, state);
    return;
  }
  if (!task) return;
  if (event.kind === 'task.deleted') task.deletedAt = event.at;
  if (event.kind === 'task.assigned') task.assignees.add(String(event.payload.userId));
  if (event.kind === 'task.unassigned') task.assignees.delete(String(event.payload.userId));
  const to = (event.payload.changes as StatusChange | undefined)?.statusId?.to;
  if (typeof to === 'string') {
    task.statusId = to;
    enter(task, category(to), event.at);
  }
}

function enter(task: TaskState, category: Category, at: Date) {
  const done = category === 'completed' || category === 'canceled';
  if (category === 'started' || done) task.startedAt ??= at;
  task.completedAt = category === 'completed' ? (task.completedAt ?? at) : null;
}

interface Completion {
  at: Date;
  createdAt: Date;
  startedAt: Date | null;
}

/** Replays events in order and remembers what the report needs along the way. */
class Replay {
  readonly tasks = new Map<string, TaskState>();
  /** The last completion of each task inside the window. */
  readonly completions = new Map<string, Completion>();
  private next = 0;

  constructor(
    private readonly events: readonly ReportEvent[],
    private readonly categoryOf: (statusId: string) => Category,
    private readonly from: Date,
  ) {}

  /** Applies every event at or before `until`. */
  advance(until: Date): void {
    for (; this.next < this.events.length; this.next++) {
      const event = this.events[this.next];
      if (!event || event.at.getTime() > until.getTime()) return;
      const before = this.tasks.get(event.entityId)?.completedAt ?? null;
      applyEvent(this.tasks, event, this.categoryOf);
      const task = this.tasks.get(event.entityId);
      const completedNow = task?.completedAt && before === null && task.deletedAt === null;
      if (task && completedNow && event.at.getTime() > this.from.getTime()) {
        this.completions.set(event.entityId, {
          at: event.at,
          createdAt: task.createdAt,
          startedAt: task.startedAt,
        });
      }
    }
  }

  /** Live tasks now, with their category. */
  live(): { id: string; task: TaskState; category: Category }[] {
    const live = [];
    for (const [id, task] of this.tasks) {
      if (task.deletedAt === null)
        live.push({ id, task, category: this.categoryOf(task.statusId) });
    }
    return live;
  }
}

function isOpen(category: Category): boolean {
  return category !== 'completed' && category !== 'canceled';
}

function emptyCounts(): Record<Category, number> {
  return { backlog: 0, unstarted: 0, started: 0, completed: 0, canceled: 0 };
}

function weekStartOf(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * dayMs);
}

function throughput(completions: Iterable<Completion>, from: Date, to: Date) {
  const weeks = new Map<number, number>();
  for (let week = weekStartOf(from).getTime(); week <= to.getTime(); week += weekMs) {
    weeks.set(week, 0);
  }
  for (const completion of completions) {
    const week = weekStartOf(completion.at).getTime();
    weeks.set(week, (weeks.get(week) ?? 0) + 1);
  }
  return [...weeks].map(([week, completed]) => ({ weekStart: new Date(week), completed }));
}

function aging(open: { task: TaskState }[], to: Date) {
  const labels = ['under 1 day', '1-7 days', '7-30 days', '30 days or more'];
  const counts = labels.map(() => 0);
  for (const { task } of open) {
    const ageDays = (to.getTime() - task.createdAt.getTime()) / dayMs;
    const bucket = agingBucketBoundsDays.findIndex((bound) => ageDays < bound);
    const index = bucket === -1 ? labels.length - 1 : bucket;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return labels.map((label, i) => ({ label, count: counts[i] ?? 0 }));
}

function perAssignee(
  live: { id: string; task: TaskState; category: Category }[],
  completions: Map<string, Completion>,
) {
  const people = new Map<string, { open: number; completed: number }>();
  for (const { id, task, category } of live) {
    for (const userId of task.assignees) {
      const row = people.get(userId) ?? { open: 0, completed: 0 };
      if (isOpen(category)) row.open += 1;
      if (completions.has(id)) row.completed += 1;
      people.set(userId, row);
    }
  }
  return [...people]
    .map(([userId, row]) => ({ userId, ...row }))
    .sort(
      (a, b) => b.open + b.completed - (a.open + a.completed) || a.userId.localeCompare(b.userId),
    );
}

/**
 * Builds the report of the window (from, to] from the project's task events, oldest first.
 * Scope = tasks open at `from` plus tasks created in the window; a task counts as completed
 * when it entered a COMPLETED status in the window and is still live. Lead time runs from
 * creation to completion, cycle time from first start to completion. Throws RangeError when
 * the window is empty or longer than `reportDaysMax`.
 */
export function buildProjectReport(
  events: readonly ReportEvent[],
  window: { from: Date; to: Date },
  categoryOf: (statusId: string) => Category,
): ProjectReport {
  const { from, to } = window;
  const days = Math.ceil((to.getTime() - from.getTime()) / dayMs);
  if (days <= 0 || days > reportDaysMax) {
    throw new RangeError(`the window must span 1 to ${reportDaysMax} days`);
  }
  const replay = new Replay(events, categoryOf, from);
  replay.advance(from);
  const openAtStart = replay.live().filter(({ category }) => isOpen(category)).length;
  const cumulativeFlow = [];
  for (let day = 1; day <= days; day++) {
    const end = new Date(Math.min(from.getTime() + day * dayMs, to.getTime()));
    replay.advance(end);
    const counts = emptyCounts();
    for (const { category } of replay.live()) counts[category] += 1;
    cumulativeFlow.push({ day: new Date(end.getTime() - 1).toISOString().slice(0, 10), counts });
  }
  const live = replay.live();
  const createdInWindow = live.filter(({ task }) => task.createdAt.getTime() > from.getTime());
  const liveIds = new Set(live.map((entry) => entry.id));
  const completions = new Map([...replay.completions].filter(([id]) => liveIds.has(id)));
  const scope = openAtStart + createdInWindow.length;
  const done = [...completions.values()];
  return {
    from,
    to,
    scope,
    completed: done.length,
    completionRate: scope === 0 ? 0 : Math.min(1, done.length / scope),
    throughputPerWeek: throughput(done, from, to),
    leadTime: percentiles(done.map((c) => c.at.getTime() - c.createdAt.getTime())),
    cycleTime: percentiles(
      done.flatMap((c) => (c.startedAt ? [c.at.getTime() - c.startedAt.getTime()] : [])),
    ),
    aging: aging(
      live.filter(({ category }) => isOpen(category)),
      to,
    ),
    cumulativeFlow,
    perAssignee: perAssignee(live, completions),
  };
}
