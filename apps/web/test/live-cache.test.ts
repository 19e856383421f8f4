// Goal: live `projectEvents` merge into the board's cached column lists (a task another person
// creates joins its column once, a moved task leaves one column for the other, a deleted one
// leaves, and our own createTask plus its echo leave one card) without a column ever being
// fetched again; and a
// move shows at once and goes back when the server refuses it; another person's comment reaches
// a watched task's comments.
import type { Client, OperationResult } from '@urql/core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import {
  BoardColumnQuery,
  BoardQuery,
  CreateTaskMutation,
  MoveTaskMutation,
  ProjectEventsSubscription,
} from '../src/features/board/documents.ts';
import { graphql, type ResultOf } from '../src/graphql/index.ts';
import { createBoardClient } from '../src/lib/client/client.ts';
import {
  fetchAs,
  type InProcessCluster,
  operationNameOf,
  startInProcessCluster,
} from './support/in-process-cluster.ts';

/** Bound on how long a live event may take to reach the cache. */
const eventWaitMs = 5_000;

let cluster: InProcessCluster;
let owner: { token: string; userId: string };
let teammate: { token: string; userId: string };
let projectId: string;
let client: Client;
/** Requests that reached the node, by operation name. */
const requests = new Map<string, number>();
/** Log indexes the client's `projectEvents` stream delivered. */
const delivered: number[] = [];
let stopWatching: () => void = () => undefined;

const createTask = `mutation ($i: CreateTaskInput!) { createTask(input: $i) { index task { id } } }`;

/** A change made by the teammate, through a plain request of their own (not the client). */
async function asTeammate(query: string, input: Record<string, unknown>) {
  const data = await cluster.ok(0, query, { i: input }, teammate.token);
  return Object.values(data)[0] as { index: number; task: { id: string } | null };
}

/** Resolves once the client's stream has delivered the event at `index`. */
async function eventReached(index: number) {
  await vi.waitFor(() => expect(delivered).toContain(index), { timeout: eventWaitMs });
}

/** The project's columns, in board order, as the cache holds them. */
async function cachedStatusIds() {
  const board = client.query(BoardQuery, { projectId }, { requestPolicy: 'cache-only' });
  return ((await board.toPromise()).data?.project?.statuses ?? []).map((status) => status.id);
}

/** The board's cards as the cache holds them, column by column, with no request (cache-only). */
async function cachedTasks() {
  const tasks = [];
  for (const statusId of await cachedStatusIds()) {
    const result = await client
      .query(
        BoardColumnQuery,
        { projectId, statusId, after: null },
        { requestPolicy: 'cache-only' },
      )
      .toPromise();
    const edges = result.data?.project?.tasks.edges;
    if (!edges) throw new Error(`column ${statusId} is not in the cache`);
    tasks.push(...edges.map((edge) => edge.node));
  }
  return tasks;
}

/** The titles on the cached board list, in order. */
async function titles() {
  return (await cachedTasks()).map((task) => task.title);
}

beforeAll(async () => {
  cluster = await startInProcessCluster('web_live_cache', 1);
  owner = await cluster.signUp(0, 'Owner');
  teammate = await cluster.signUp(0, 'Teammate');
  const created = await cluster.ok(
    0,
    'mutation { createProject(input: { name: "Live cache" }) { project { id } } }',
    {},
    owner.token,
  );
  projectId = created.createProject.project.id;
  await cluster.ok(
    0,
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: MEMBER }) { success } }`,
    { p: projectId, u: teammate.userId },
    owner.token,
  );
  const node = cluster.nodes[0];
  if (!node) throw new Error('a cluster of one has one node');
  const toNode = fetchAs(node.yoga, owner.token);
  client = createBoardClient({
    url: 'http://n1.test/graphql',
    fetch: (input, init) => {
      const name = operationNameOf(init?.body) ?? 'unnamed';
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return toNode(input, init);
    },
  });
});

afterAll(async () => {
  stopWatching();
  await cluster?.close();
});

it('merges created, moved and deleted tasks into the loaded list without reloading it', async () => {
  const kept = await asTeammate(createTask, { projectId, title: 'kept' });
  const toMove = await asTeammate(createTask, { projectId, title: 'to move' });
  const toDelete = await asTeammate(createTask, { projectId, title: 'to delete' });

  const board = await client.query(BoardQuery, { projectId }).toPromise();
  const project = board.data?.project;
  if (!project) throw new Error(`the board did not load: ${board.error?.message}`);
  // As the board does: every column stays watched (cache-and-network), so a cache change that
  // left one incomplete would send it to the network again, and be counted.
  const statusIds = project.statuses.map((status) => status.id);
  const watched = new Map<string, OperationResult<ResultOf<typeof BoardColumnQuery>>>();
  const watches = statusIds.map((statusId) =>
    client.query(BoardColumnQuery, { projectId, statusId, after: null }).subscribe((result) => {
      watched.set(statusId, result);
    }),
  );
  await vi.waitFor(() =>
    expect(statusIds.every((id) => watched.get(id)?.stale === false)).toBe(true),
  );
  expect(await titles()).toEqual(['kept', 'to move', 'to delete']);
  expect(requests.get('BoardColumn')).toBe(statusIds.length);
  const stream = client
    .subscription(ProjectEventsSubscription, {
      projectId,
      after: project.events.edges.at(-1)?.node.index ?? 0,
    })
    .subscribe((result) => {
      const index = result.data?.projectEvents.index;
      if (typeof index === 'number') delivered.push(index);
    });
  stopWatching = () => {
    for (const watch of watches) watch.unsubscribe();
    stream.unsubscribe();
  };
  const moveTo = project.statuses.find((status) => status.category === 'COMPLETED');
  if (!moveTo) throw new Error('a new project has a completed column');

  const added = await asTeammate(createTask, { projectId, title: 'added live' });
  const moved = await asTeammate(
    `mutation ($i: MoveTaskInput!) { moveTask(input: $i) { index task { id } } }`,
    { id: toMove.task?.id, statusId: moveTo.id },
  );
  const deleted = await asTeammate(
    `mutation ($i: DeleteTaskInput!) { deleteTask(input: $i) { index task { id } } }`,
    { id: toDelete.task?.id },
  );
  await eventReached(deleted.index);

  const tasks = await cachedTasks();
  // Column by column: the moved card now sits in the completed column, after the others.
  expect(tasks.map((task) => task.title)).toEqual(['kept', 'added live', 'to move']);
  expect(tasks.find((task) => task.id === toMove.task?.id)?.status.id).toBe(moveTo.id);
  expect(tasks.find((task) => task.id === kept.task?.id)?.status.id).not.toBe(moveTo.id);
  expect(delivered).toEqual([added.index, moved.index, deleted.index]);
  // What the board renders: the watched columns, updated from the cache alone, counts included.
  await vi.waitFor(() => {
    const shown = statusIds.flatMap(
      (id) => watched.get(id)?.data?.project?.tasks.edges.map((edge) => edge.node.title) ?? [],
    );
    expect(shown).toEqual(['kept', 'added live', 'to move']);
    expect(watched.get(moveTo.id)?.data?.project?.tasks.totalCount).toBe(1);
  });
  expect(requests.get('BoardColumn')).toBe(statusIds.length);
  expect(requests.get('ProjectEvents')).toBe(1);
});

it('keeps our own created task once when its mutation result and its echo both arrive', async () => {
  const before = await cachedTasks();
  const result = await client
    .mutation(CreateTaskMutation, { input: { projectId, title: 'mine' } })
    .toPromise();
  const created = result.data?.createTask;
  if (!created?.task) throw new Error(`createTask failed: ${result.error?.message}`);
  await eventReached(created.index);

  const tasks = await cachedTasks();
  expect(tasks.filter((task) => task.id === created.task?.id)).toHaveLength(1);
  expect(tasks).toHaveLength(before.length + 1);
  expect(requests.get('BoardColumn')).toBe((await cachedStatusIds()).length);
});

it('shows a move at once and puts the card back when the server refuses it', async () => {
  const [task] = await cachedTasks();
  if (!task) throw new Error('the board list is empty');
  const board = client.query(BoardQuery, { projectId }, { requestPolicy: 'cache-only' });
  const statuses = (await board.toPromise()).data?.project?.statuses ?? [];
  const target = statuses.find((status) => status.id !== task.status.id);
  if (!target) throw new Error('a new project has several columns');
  const statusOf = async () =>
    (await cachedTasks()).find((candidate) => candidate.id === task.id)?.status.id;

  // A stale expectedVersion: the server answers CONFLICT after the optimistic layer showed it.
  const refused = client
    .mutation(MoveTaskMutation, {
      input: { id: task.id, statusId: target.id, expectedVersion: task.version + 99 },
    })
    .toPromise();
  expect(await statusOf()).toBe(target.id);
  const result = await refused;
  expect(result.error?.graphQLErrors[0]?.extensions?.code).toBe('CONFLICT');
  expect(await statusOf()).toBe(task.status.id);

  const accepted = await client
    .mutation(MoveTaskMutation, { input: { id: task.id, statusId: target.id } })
    .toPromise();
  expect(accepted.error).toBeUndefined();
  expect(await statusOf()).toBe(target.id);
});

it("reads a task's comments again when another person comments on it", async () => {
  const [task] = await cachedTasks();
  if (!task) throw new Error('the board list is empty');
  const comments = graphql(`
    query TaskComments($id: ID!) {
      task(id: $id) {
        id
        comments(last: 100) {
          edges {
            node {
              id
              body
            }
          }
        }
      }
    }
  `);
  const bodies: string[][] = [];
  const watch = client.query(comments, { id: task.id }).subscribe((result) => {
    const edges = result.data?.task?.comments.edges;
    if (edges) bodies.push(edges.map((edge) => edge.node.body));
  });
  try {
    await vi.waitFor(() => expect(bodies.at(-1)).toEqual([]));
    const added = await cluster.ok(
      0,
      'mutation ($i: AddCommentInput!) { addComment(input: $i) { index } }',
      { i: { taskId: task.id, body: 'Looks good' } },
      teammate.token,
    );
    await eventReached(added.addComment.index);
    await vi.waitFor(() => expect(bodies.at(-1)).toEqual(['Looks good']), {
      timeout: eventWaitMs,
    });
  } finally {
    watch.unsubscribe();
  }
});
