// Goal: a real node serves a calendar feed at its secret URL as iCalendar that a second library
// (ical.js) reads back: one all-day event per live dated task on its due day, with stable UIDs,
// for a project or for the tasks assigned to one person; and every URL that shows no feed
// (unknown, malformed, revoked) answers the same bare 404.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoardSession, catchUp, openBoard, rawId, signUpPerson } from '../src/client/board.ts';
import { graphql } from '../src/client/graphql.ts';
import { TestCluster } from './support/cluster-fixture.ts';

let cluster: TestCluster;
let url: string;
let alice: BoardSession;
let bob: { token: string; userId: string };
let carol: BoardSession;
const taskIds: Record<string, string> = {};

const createFeed = `mutation ($p: ID) { createCalendarFeed(projectId: $p) {
  index path calendarFeed { id } } }`;

interface FeedEvent {
  uid: string;
  summary: string;
  description: string;
  start: string;
  end: string;
  allDay: boolean;
}

async function createTask(
  session: { token: string; projectId: string },
  input: { title: string; dueDate?: string; assigneeIds?: string[]; description?: string },
): Promise<string> {
  const { createTask } = await graphql<{ createTask: { task: { id: string } } }>(
    url,
    'mutation ($input: CreateTaskInput!) { createTask(input: $input) { task { id } } }',
    { input: { projectId: session.projectId, ...input } },
    { token: session.token },
  );
  taskIds[input.title] = createTask.task.id;
  return createTask.task.id;
}

async function newFeed(token: string, projectId: string | null) {
  const data = await graphql<{
    createCalendarFeed: { index: number; path: string; calendarFeed: { id: string } };
  }>(url, createFeed, { p: projectId }, { token });
  return data.createCalendarFeed;
}

/** The feed at `path`, parsed by ical.js: the calendar's name and its events. */
async function readFeed(path: string) {
  const response = await fetch(`${url}${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('private, max-age=300');
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const events: FeedEvent[] = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate,
    };
  });
  return { name: calendar.getFirstPropertyValue('x-wr-calname'), events };
}

const uid = (title: string) => `${rawId(taskIds[title] ?? '')}@raftboard`;

beforeAll(async () => {
  cluster = await TestCluster.start({ prefix: 'calendar', nodes: 1 });
  url = cluster.url(await cluster.leader());
  alice = await openBoard(url);
  bob = await signUpPerson(url);
  carol = await openBoard(url);
  await graphql(
    url,
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: MEMBER }) { success } }`,
    { p: alice.projectId, u: bob.userId },
    { token: alice.token },
  );
  const me = await graphql<{ me: { id: string } }>(
    url,
    '{ me { id } }',
    {},
    { token: alice.token },
  );
  await createTask(alice, {
    title: 'Ship the release',
    dueDate: '2026-07-01',
    assigneeIds: [me.me.id],
    description: 'Tag, build and publish.',
  });
  await createTask(alice, {
    title: 'Plan the offsite',
    dueDate: '2026-06-15',
    assigneeIds: [bob.userId],
  });
  await createTask(alice, { title: 'Someday', assigneeIds: [bob.userId] });
  const dropped = await createTask(alice, {
    title: 'Dropped',
    dueDate: '2026-06-20',
    assigneeIds: [bob.userId],
  });
  await graphql(
    url,
    'mutation ($id: ID!) { deleteTask(input: { id: $id }) { success } }',
    { id: dropped },
    { token: alice.token },
  );
  await createTask(carol, { title: 'Carol’s own', dueDate: '2026-06-18' });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('calendar feeds over HTTP', () => {
  it('serves a project’s live dated tasks as all-day events with stable UIDs', async () => {
    const feed = await newFeed(alice.token, alice.projectId);
    expect(feed.path).toMatch(/^\/calendar\/rbc_[A-Za-z0-9_-]{43}\.ics$/);
    const { name, events } = await readFeed(feed.path);
    expect(name).toBe('Raftboard: Cluster test board');
    expect(events.map((event) => event.uid)).toEqual([
      uid('Ship the release'),
      uid('Plan the offsite'),
    ]);
    expect(events[0]).toMatchObject({
      summary: 'Ship the release',
      start: '2026-07-01',
      end: '2026-07-02',
      allDay: true,
    });
    expect(events[0]?.description).toBe(
      'Project: Cluster test board\nStatus: Todo\n\nTag, build and publish.',
    );
    expect(events[1]).toMatchObject({ summary: 'Plan the offsite', start: '2026-06-15' });
    // The same state gives the same UIDs (and the same text) on every fetch.
    expect((await readFeed(feed.path)).events).toEqual(events);
  });

  it('serves each person only the dated tasks assigned to them', async () => {
    const mine = await readFeed((await newFeed(alice.token, null)).path);
    expect(mine.events.map((event) => event.summary)).toEqual(['Ship the release']);
    const bobs = await readFeed((await newFeed(bob.token, null)).path);
    expect(bobs.events.map((event) => event.uid)).toEqual([uid('Plan the offsite')]);
    const carols = await readFeed((await newFeed(carol.token, carol.projectId)).path);
    expect(carols.events.map((event) => event.summary)).toEqual(['Carol’s own']);
  });

  it('answers the same bare 404 for unknown, malformed and revoked feeds', async () => {
    const feed = await newFeed(alice.token, alice.projectId);
    await readFeed(feed.path);
    const { revokeCalendarFeed } = await graphql<{ revokeCalendarFeed: { index: number } }>(
      url,
      'mutation ($id: ID!) { revokeCalendarFeed(id: $id) { index } }',
      { id: feed.calendarFeed.id },
      { token: alice.token },
    );
    await catchUp(url, alice, revokeCalendarFeed.index);
    const unknown = `/calendar/rbc_${'A'.repeat(43)}.ics`;
    const paths = [feed.path, unknown, '/calendar/nope.ics', '/calendar/', `${feed.path}x`];
    const answers = await Promise.all(
      paths.map(async (path) => {
        const response = await fetch(`${url}${path}`);
        return { status: response.status, body: await response.text() };
      }),
    );
    expect(answers).toEqual(paths.map(() => ({ status: 404, body: 'not found\n' })));
  });

  it('stops serving a project feed once its owner leaves the project', async () => {
    const feed = await newFeed(bob.token, alice.projectId);
    await readFeed(feed.path);
    const { removeProjectMember } = await graphql<{ removeProjectMember: { index: number } }>(
      url,
      `mutation ($p: ID!, $u: ID!) { removeProjectMember(input: { projectId: $p, userId: $u })
        { index } }`,
      { p: alice.projectId, u: bob.userId },
      { token: alice.token },
    );
    await catchUp(url, alice, removeProjectMember.index);
    const response = await fetch(`${url}${feed.path}`);
    expect([response.status, await response.text()]).toEqual([404, 'not found\n']);
  });

  it('serves a feed of some hundreds of tasks in one bounded answer', async () => {
    const count = 400;
    const tasks = Array.from({ length: count }, (_, i) => ({
      title: `Load ${i}`,
      dueDate: new Date(Date.UTC(2027, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
      description: 'x'.repeat(2_000),
    }));
    await graphql(
      url,
      'mutation ($input: ImportTasksInput!) { importTasks(input: $input) { index } }',
      { input: { projectId: carol.projectId, tasks } },
      { token: carol.token },
    );
    const feed = await newFeed(carol.token, carol.projectId);
    const started = performance.now();
    const response = await fetch(`${url}${feed.path}`);
    const text = await response.text();
    const elapsedMs = performance.now() - started;
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(count + 1);
    // Descriptions are cut to 500 characters, so the answer stays small whatever tasks hold.
    expect(text.length).toBeLessThan((count + 1) * 1_200);
    console.info(
      `calendar feed: ${events.length} events, ${text.length} bytes, ${elapsedMs.toFixed(0)} ms`,
    );
  });
});
