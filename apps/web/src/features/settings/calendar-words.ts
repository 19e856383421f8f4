/**
 * What a feed is called on screen: "Tasks assigned to me", or "Project: <name>". A project feed
 * whose project is null (the owner left it) still says so: it answers 404 until they are back.
 */
export function calendarFeedName(feed: {
  kind?: 'ASSIGNED' | 'PROJECT';
  project: { name: string } | null | undefined;
}): string {
  if (feed.project) return `Project: ${feed.project.name}`;
  return feed.kind === 'PROJECT' ? 'A project you left' : 'Tasks assigned to me';
}

/**
 * The feed's full URL: `path` (`/calendar/<token>.ics`, from `createCalendarFeed`) on this
 * board's own address, which forwards it to a healthy node (app/calendar/[file]/route.ts).
 * Calendar apps take `webcal:` too, but not all of them: https (or http) works everywhere.
 */
export function calendarFeedUrl(origin: string, path: string): string {
  const cleanPath = path.startsWith('/') ? path : `/${path}`;
  return `${origin.replace(/\/+$/, '')}${cleanPath}`;
}

/**
 * Whether `file` (the last segment of `/calendar/<file>`) looks like a feed's file name, so the
 * board forwards only those: a token of URL-safe characters, then `.ics`. Bounded, so a long
 * path never reaches a node.
 */
export function isCalendarFeedFile(file: string): boolean {
  return /^[A-Za-z0-9_-]{1,200}\.ics$/.test(file);
}
