import { and, asc, desc, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type CalendarFeedRow, calendarFeeds } from '../schema/calendar-feeds.ts';
import { projectMembers, projects } from '../schema/projects.ts';
import { statuses } from '../schema/statuses.ts';
import { taskAssignees, tasks } from '../schema/tasks.ts';

/** Bound on the feeds listed for one person (apply lets them hold fewer live ones). */
export const calendarFeedsListedMax = 100;
/** Bound on the tasks one feed shows: the ones due latest, so a request's work is bounded. */
export const calendarFeedTasksMax = 5_000;
/** How much of a task's description a feed carries, in characters. */
export const calendarDescriptionCharsMax = 500;

/** One task as a calendar feed shows it. */
export interface CalendarTaskRow {
  id: string;
  title: string;
  /** The first `calendarDescriptionCharsMax` characters of the task's Markdown text. */
  descriptionStart: string;
  /** Calendar day, 'YYYY-MM-DD'. */
  dueDate: string;
  updatedAt: Date;
  projectName: string;
  statusName: string;
}

/** The live (not revoked) feed whose token hashes to `tokenHash`. */
export async function findLiveCalendarFeed(
  db: Executor,
  tokenHash: string,
): Promise<CalendarFeedRow | undefined> {
  const [feed] = await db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)));
  return feed;
}

/** A feed by id, live or not. */
export async function calendarFeedById(
  db: Executor,
  id: string,
): Promise<CalendarFeedRow | undefined> {
  const [feed] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.id, id));
  return feed;
}

/** `userId`'s live feeds, oldest first (ties by id), at most `calendarFeedsListedMax`. */
export async function liveCalendarFeedsOfUser(
  db: Executor,
  userId: string,
): Promise<CalendarFeedRow[]> {
  return db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .orderBy(asc(calendarFeeds.createdAt), asc(calendarFeeds.id))
    .limit(calendarFeedsListedMax);
}

const calendarTaskColumns = {
  id: tasks.id,
  title: tasks.title,
  descriptionStart: sql<string>`left(${tasks.description}, ${calendarDescriptionCharsMax})`,
  dueDate: tasks.dueDate,
  updatedAt: tasks.updatedAt,
  projectName: projects.name,
  statusName: statuses.name,
};

const dueAndLive = (): SQL | undefined => and(isNotNull(tasks.dueDate), isNull(tasks.deletedAt));

/**
 * The tasks `feed` shows, due latest first (ties by id), at most `calendarFeedTasksMax`: live
 * tasks with a due date, of its project while its owner is a member of it; for a feed without a
 * project, those assigned to its owner in the projects the owner is a member of. Membership is
 * joined here, so a person who leaves a project stops seeing its tasks at once.
 * Plans (test/calendar-feeds.test.ts): a project feed reads `tasks_project_due_idx` backwards,
 * without a sort; a personal feed reads the owner's `task_assignees_user_idx` entries and sorts
 * those (one person's assignments, not the table).
 */
export async function tasksOfCalendarFeed(
  db: Executor,
  feed: Pick<CalendarFeedRow, 'userId' | 'projectId'>,
): Promise<CalendarTaskRow[]> {
  const rows = await calendarTaskQuery(db, feed);
  // The query keeps only tasks with a due date.
  return rows.flatMap((row) => (row.dueDate === null ? [] : [{ ...row, dueDate: row.dueDate }]));
}

function calendarTaskQuery(db: Executor, feed: Pick<CalendarFeedRow, 'userId' | 'projectId'>) {
  const order = [desc(tasks.dueDate), desc(tasks.id)];
  if (feed.projectId !== null) {
    return db
      .select(calendarTaskColumns)
      .from(tasks)
      .innerJoin(
        projectMembers,
        and(eq(projectMembers.projectId, tasks.projectId), eq(projectMembers.userId, feed.userId)),
      )
      .innerJoin(projects, eq(projects.id, tasks.projectId))
      .innerJoin(statuses, eq(statuses.id, tasks.statusId))
      .where(and(eq(tasks.projectId, feed.projectId), dueAndLive()))
      .orderBy(...order)
      .limit(calendarFeedTasksMax);
  }
  return db
    .select(calendarTaskColumns)
    .from(taskAssignees)
    .innerJoin(tasks, eq(tasks.id, taskAssignees.taskId))
    .innerJoin(
      projectMembers,
      and(
        eq(projectMembers.projectId, tasks.projectId),
        eq(projectMembers.userId, taskAssignees.userId),
      ),
    )
    .innerJoin(projects, eq(projects.id, tasks.projectId))
    .innerJoin(statuses, eq(statuses.id, tasks.statusId))
    .where(and(eq(taskAssignees.userId, feed.userId), dueAndLive()))
    .orderBy(...order)
    .limit(calendarFeedTasksMax);
}
