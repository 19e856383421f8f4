import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Database, isDatabaseUnavailable } from '@raftboard/db/client';
import { usersByIds } from '@raftboard/db/queries/auth';
import {
  type CalendarTaskRow,
  calendarDescriptionCharsMax,
  findLiveCalendarFeed,
  tasksOfCalendarFeed,
} from '@raftboard/db/queries/calendar-feeds';
import { projectsByIds, rolesOfUser } from '@raftboard/db/queries/projects';
import type { CalendarFeedRow } from '@raftboard/db/schema';
import { calendarFeedTokenHashOfPath } from '@raftboard/schema/calendar/feed-path';
import ical, { ICalEventTransparency } from 'ical-generator';

/** What `GET /calendar/<token>.ics` answers. */
export interface CalendarFeedAnswer {
  status: 200 | 404 | 500 | 503;
  headers: Record<string, string>;
  body: string;
}

/** Every feed path starts so: `/calendar/<token>.ics`. */
export const calendarFeedPathPrefix = '/calendar/';
/** How long a calendar app or proxy may reuse a feed before asking again. */
export const calendarFeedMaxAgeSeconds = 300;
/** How often the feed asks calendar apps to refresh it (`REFRESH-INTERVAL`, many ignore it). */
const calendarRefreshSeconds = 60 * 60;
const dayMs = 24 * 60 * 60 * 1000;

function plain(status: CalendarFeedAnswer['status'], body: string): CalendarFeedAnswer {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body,
  };
}

/**
 * The one answer for every path that shows no feed: malformed, unknown, revoked, or a project
 * its owner has left. Identical, so a caller cannot tell which.
 */
const notFound = () => plain(404, 'not found\n');

/** The calendar's name, or null when the feed shows nothing to its owner any more. */
async function calendarName(db: Database, feed: CalendarFeedRow): Promise<string | null> {
  if (feed.projectId === null) {
    const [owner] = await usersByIds(db, [feed.userId]);
    return owner ? `Raftboard: assigned to ${owner.displayName}` : null;
  }
  const roles = await rolesOfUser(db, feed.userId, [feed.projectId]);
  if (!roles.has(feed.projectId)) return null;
  const [project] = await projectsByIds(db, [feed.projectId]);
  return project ? `Raftboard: ${project.name}` : null;
}

/** A calendar day ('YYYY-MM-DD') as the UTC midnight that ical-generator prints as that day. */
function utcDay(day: string, plusDays = 0): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * dayMs);
}

function eventDescription(task: CalendarTaskRow): string {
  const text = task.descriptionStart.trim();
  const cut = task.descriptionStart.length >= calendarDescriptionCharsMax ? '…' : '';
  const head = `Project: ${task.projectName}\nStatus: ${task.statusName}`;
  return text === '' ? head : `${head}\n\n${text}${cut}`;
}

/**
 * The iCalendar text of a feed: one all-day event per task on its due date, with a UID that
 * stays the same for the task (`<task id>@raftboard`), so apps update events in place. Pure:
 * the same tasks give the same text (DTSTAMP is the task's last change, not the time of the
 * request).
 */
export function renderCalendar(name: string, tasks: readonly CalendarTaskRow[]): string {
  const calendar = ical({
    name,
    prodId: { company: 'Raftboard', product: 'Calendar feed', language: 'EN' },
    ttl: calendarRefreshSeconds,
  });
  for (const task of tasks) {
    calendar.createEvent({
      id: `${task.id}@raftboard`,
      allDay: true,
      start: utcDay(task.dueDate),
      end: utcDay(task.dueDate, 1),
      summary: task.title,
      description: eventDescription(task),
      stamp: task.updatedAt,
      lastModified: task.updatedAt,
      // A due date is a reminder, not time taken: it does not make its owner look busy.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}

/**
 * The answer to `GET <path>`, `path` being `/calendar/<token>.ics`. A request costs one indexed
 * lookup of the token's hash, one membership check and one query of at most
 * `calendarFeedTasksMax` rows (see queries/calendar-feeds.ts).
 */
export async function calendarFeedAnswer(db: Database, path: string): Promise<CalendarFeedAnswer> {
  const tokenHash = calendarFeedTokenHashOfPath(path);
  if (tokenHash === null) return notFound();
  const feed = await findLiveCalendarFeed(db, tokenHash);
  if (!feed) return notFound();
  const name = await calendarName(db, feed);
  if (name === null) return notFound();
  const body = renderCalendar(name, await tasksOfCalendarFeed(db, feed));
  return {
    status: 200,
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'cache-control': `private, max-age=${calendarFeedMaxAgeSeconds}`,
      'content-disposition': 'inline; filename="raftboard.ics"',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

/**
 * Serves `GET /calendar/<token>.ics` from this node's copy of the board. The token is the only
 * credential: no cookie or header is read. 503 when the database is unreachable, 500 (and
 * `onError`) for anything else unexpected; the path, which holds the secret, is never logged.
 */
export async function serveCalendarFeed(
  db: Database,
  request: IncomingMessage,
  response: ServerResponse,
  onError: (error: unknown) => void,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  let answer: CalendarFeedAnswer;
  try {
    answer = await calendarFeedAnswer(db, path);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      answer = plain(503, 'this node cannot reach its database right now; retry\n');
    } else {
      onError(error);
      answer = plain(500, 'internal error\n');
    }
  }
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}
