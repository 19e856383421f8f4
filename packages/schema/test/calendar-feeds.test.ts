// Goal: people make, list and revoke secret calendar feeds of a project or of their own tasks;
// the feed's token is shown once and is never readable again, through a query, a replayed or
// live event, a notification, or a retried requestId, and only its hash is stored.
import { calendarFeeds, events } from '@raftboard/db/schema';
import { uuidv7 } from '@raftboard/uuidv7';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFeedTokenPrefix, hashToken } from '../src/auth/tokens.ts';
import { calendarFeedTokenHashOfPath } from '../src/calendar/feed-path.ts';
import { decodeGlobalId } from '../src/global-id.ts';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  subscribeSse,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signUp>>;
let viewer: Awaited<ReturnType<typeof signUp>>;
let projectId: string;

const create = `mutation ($p: ID, $r: String) { createCalendarFeed(projectId: $p, requestId: $r) {
  index token path calendarFeed { id kind createdAt revokedAt project { name } } } }`;
const revoke = `mutation ($id: ID!) { revokeCalendarFeed(id: $id) {
  index calendarFeed { id revokedAt } } }`;
const list = '{ calendarFeeds { id kind createdAt revokedAt project { name } } }';

async function as(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

beforeAll(async () => {
  server = await startTestServer('schema_calendar');
  owner = await signUp(server, 'Planner');
  viewer = await signUp(server, 'Watcher');
  projectId = (
    await as(owner.token, 'mutation { createProject(input: { name: "Dates" }) { project { id } } }')
  ).createProject.project.id;
  await as(
    owner.token,
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: VIEWER }) { success } }`,
    { p: projectId, u: viewer.user.id },
  );
});
afterAll(() => server.close());

describe('calendar feeds', () => {
  it('creates a project feed and a personal feed, shows each token once and lists them', async () => {
    const project = (await as(viewer.token, create, { p: projectId })).createCalendarFeed;
    const mine = (await as(viewer.token, create)).createCalendarFeed;
    expect(project.token).toMatch(new RegExp(`^${calendarFeedTokenPrefix}[A-Za-z0-9_-]{43}$`));
    expect(project.path).toBe(`/calendar/${project.token}.ics`);
    expect(calendarFeedTokenHashOfPath(project.path)).toBe(hashToken(project.token));
    expect(project.calendarFeed).toMatchObject({
      kind: 'PROJECT',
      revokedAt: null,
      project: { name: 'Dates' },
    });
    expect(mine.calendarFeed).toMatchObject({ kind: 'ASSIGNED', project: null });
    const listed = (await as(viewer.token, list)).calendarFeeds;
    expect(listed).toEqual([project.calendarFeed, mine.calendarFeed]);
    expect((await as(owner.token, list)).calendarFeeds).toEqual([]);
    // Only the hash is stored.
    const [row] = await server.node.db
      .select()
      .from(calendarFeeds)
      .where(eq(calendarFeeds.id, decodeGlobalId(project.calendarFeed.id).id));
    expect(row?.tokenHash).toBe(hashToken(project.token));
    expect(JSON.stringify(row)).not.toContain(project.token);
  });

  it('never shows a token again: not in queries, events, replays or notifications', async () => {
    const feed = `subscription ($p: ID!, $after: Int) { projectEvents(projectId: $p,
      after: $after) { type index event { kind payload } } }`;
    const before = await as(
      owner.token,
      'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "before" }) { index } }',
      { p: projectId },
    );
    const live = await subscribeSse(server, feed, { p: projectId }, viewer.token);
    const made = (await as(viewer.token, create, { p: projectId })).createCalendarFeed;
    await as(
      owner.token,
      'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "after" }) { index } }',
      { p: projectId },
    );
    // The feed's event is the viewer's own, not the project's: the stream goes on to the task.
    const streamed = await live.next();
    await live.close();
    expect(streamed?.data?.projectEvents.event.kind).toBe('task.created');
    const replay = await subscribeSse(
      server,
      feed,
      { p: projectId, after: before.createTask.index },
      viewer.token,
    );
    const replayed = await replay.next();
    await replay.close();
    const read = await Promise.all(
      [
        list,
        `query ($p: ID!) { project(id: $p) { events(afterIndex: 0, last: 50) { edges {
          node { kind payload } } } } }`,
        '{ notifications(first: 50) { edges { node { id } } } }',
        '{ me { name email } }',
      ].map((query) => as(viewer.token, query, { p: projectId })),
    );
    const stored = await server.node.db
      .select()
      .from(events)
      .where(like(events.kind, 'calendarFeed.%'));
    expect(stored.map((event) => event.kind)).toContain('calendarFeed.created');
    const seen = JSON.stringify([streamed, replayed, read, stored]);
    expect(seen).not.toContain(made.token);
    expect(seen).not.toContain(hashToken(made.token));
    const tokenField = await server.gql('{ calendarFeeds { token } }', {}, viewer.token);
    expect(errorCodes(tokenField)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('refuses a retried requestId instead of showing a new token, and creates nothing', async () => {
    const requestId = uuidv7();
    const first = await as(owner.token, create, { p: projectId, r: requestId });
    const again = await server.gql(create, { p: projectId, r: requestId }, owner.token);
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(again)).not.toContain(first.createCalendarFeed.token);
    const listed = (await as(owner.token, list)).calendarFeeds;
    expect(listed.map((feed: { id: string }) => feed.id)).toEqual([
      first.createCalendarFeed.calendarFeed.id,
    ]);
  });

  it('lets only its owner revoke a feed, which then leaves the list', async () => {
    const made = (await as(owner.token, create)).createCalendarFeed;
    const id = made.calendarFeed.id;
    expect(errorCodes(await server.gql(revoke, { id }, viewer.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await server.gql(revoke, { id }))).toEqual(['UNAUTHENTICATED']);
    const revoked = (await as(owner.token, revoke, { id })).revokeCalendarFeed;
    expect(revoked.calendarFeed.id).toBe(id);
    expect(revoked.calendarFeed.revokedAt).not.toBeNull();
    const listed = (await as(owner.token, list)).calendarFeeds;
    expect(listed.map((feed: { id: string }) => feed.id)).not.toContain(id);
    // Revoking again changes nothing and is no error.
    expect((await as(owner.token, revoke, { id })).revokeCalendarFeed.calendarFeed.id).toBe(id);
  });

  it('refuses outsiders, anonymous callers and a 21st live feed', async () => {
    const outsider = await signUp(server, 'Outsider');
    expect(errorCodes(await server.gql(create, { p: projectId }, outsider.token))).toEqual([
      'NOT_FOUND',
    ]);
    expect(errorCodes(await server.gql(create, {}))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await server.gql(list, {}))).toEqual(['UNAUTHENTICATED']);
    for (let n = 0; n < 20; n += 1) await as(outsider.token, create);
    expect(errorCodes(await server.gql(create, {}, outsider.token))).toEqual(['BAD_USER_INPUT']);
    expect((await as(outsider.token, list)).calendarFeeds).toHaveLength(20);
  });
});
