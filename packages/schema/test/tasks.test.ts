// Goal: projects, statuses, labels and tasks work end to end through yoga.fetch and the real
// apply: payloads carry the log index, stale versions CONFLICT, requestIds are exactly-once,
// and project.tasks filters, orders and pages like a Relay connection.
import { requestIdWindowMs } from '@raftboard/db/apply';
import { uuidv7 } from '@raftboard/uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signUp>>;
let projectId: string;
let statuses: { id: string; name: string; category: string }[];

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

const createTask = `mutation ($input: CreateTaskInput!) {
  createTask(input: $input) { success index task { id title version priority status { name } } }
}`;

beforeAll(async () => {
  server = await startTestServer('schema_tasks');
  owner = await signUp(server, 'Owner');
  const created = await ok(
    `mutation { createProject(input: { name: "Board", description: "d" }) {
      success index project { id name viewerRole statuses { id name category } }
    } }`,
  );
  projectId = created.createProject.project.id;
  statuses = created.createProject.project.statuses;
});
afterAll(() => server.close());

describe('projects', () => {
  it('creates a project with the default workflow, owned by its creator', async () => {
    expect(statuses.map((s) => s.name)).toEqual([
      'Backlog',
      'Todo',
      'In Progress',
      'Done',
      'Canceled',
    ]);
    const listed = await ok('{ projects { id name viewerRole } }');
    expect(listed.projects).toEqual([{ id: projectId, name: 'Board', viewerRole: 'OWNER' }]);
  });

  it('adds statuses and labels, and reorders the workflow', async () => {
    const status = await ok(
      `mutation ($p: ID!) { createStatus(input: { projectId: $p, name: "Review",
        category: STARTED }) { status { id name position } } }`,
      { p: projectId },
    );
    expect(status.createStatus.status.name).toBe('Review');
    const reordered = await ok(
      `mutation ($p: ID!, $ids: [ID!]!) { reorderStatuses(input: { projectId: $p,
        statusIds: $ids }) { project { statuses { name } } } }`,
      { p: projectId, ids: [status.createStatus.status.id, ...statuses.map((s) => s.id)] },
    );
    expect(reordered.reorderStatuses.project.statuses[0].name).toBe('Review');
    const label = await ok(
      `mutation ($p: ID!) { createLabel(input: { projectId: $p, name: "bug", color: "#ff0000" })
        { label { name color } } }`,
      { p: projectId },
    );
    expect(label.createLabel.label).toEqual({ name: 'bug', color: '#ff0000' });
  });
});

describe('tasks', () => {
  it('creates, updates with expectedVersion, and CONFLICTs on a stale version', async () => {
    const created = await ok(createTask, { input: { projectId, title: 'Write docs' } });
    const task = created.createTask.task;
    expect(task).toMatchObject({ title: 'Write docs', version: 1, status: { name: 'Todo' } });
    const update = `mutation ($input: UpdateTaskInput!) {
      updateTask(input: $input) { index task { title version priority dueDate } } }`;
    const updated = await ok(update, {
      input: {
        id: task.id,
        expectedVersion: 1,
        changes: { priority: 'HIGH', dueDate: '2026-12-01' },
      },
    });
    expect(updated.updateTask.task).toMatchObject({ version: 2, priority: 'HIGH' });
    const stale = await server.gql(
      update,
      { input: { id: task.id, expectedVersion: 1, changes: { title: 'x' } } },
      owner.token,
    );
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
  });

  it('is exactly-once for a repeated requestId', async () => {
    const input = { projectId, title: 'Once', requestId: uuidv7() };
    const first = await ok(createTask, { input });
    const second = await ok(createTask, { input });
    expect(second.createTask.task.id).toBe(first.createTask.task.id);
    expect(second.createTask.index).toBe(first.createTask.index);
    const found = await ok(
      `query ($p: ID!) { project(id: $p) {
        tasks(filter: { title: { eq: "Once" } }) { totalCount } } }`,
      { p: projectId },
    );
    expect(found.project.tasks.totalCount).toBe(1);
  });

  it('refuses a requestId that is not a UUIDv7, saying what is expected', async () => {
    const response = await server.gql(
      createTask,
      {
        input: { projectId, title: 'Legacy', requestId: 'req-once-2' },
      },
      owner.token,
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/requestId is a UUIDv7 \(RFC 9562\)/);
  });

  it('refuses a retry made just outside the window, and changes nothing', async () => {
    const madeAt = Date.now() - requestIdWindowMs - 60_000;
    const input = { projectId, title: 'Too late', requestId: uuidv7(madeAt) };
    const response = await server.gql(createTask, { input }, owner.token);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/more than 24 h ago.*new requestId/);
    const found = await ok(
      `query ($p: ID!) { project(id: $p) {
        tasks(filter: { title: { eq: "Too late" } }) { totalCount } } }`,
      { p: projectId },
    );
    expect(found.project.tasks.totalCount).toBe(0);
  });

  it('replays a retried delete or versioned update instead of refusing it', async () => {
    const task = (await ok(createTask, { input: { projectId, title: 'Retry me' } })).createTask
      .task;
    const update = `mutation ($input: UpdateTaskInput!) { updateTask(input: $input) {
      index task { version } } }`;
    const input = { id: task.id, expectedVersion: 1, changes: { title: 'R' }, requestId: uuidv7() };
    const first = await ok(update, { input });
    const again = await ok(update, { input });
    expect(again.updateTask.index).toBe(first.updateTask.index);
    const remove = `mutation ($input: DeleteTaskInput!) { deleteTask(input: $input) { index } }`;
    const removeInput = { id: task.id, requestId: uuidv7() };
    const deleted = await ok(remove, { input: removeInput });
    expect((await ok(remove, { input: removeInput })).deleteTask.index).toBe(
      deleted.deleteTask.index,
    );
  });

  it('moves between columns, assigns, labels, links and nests', async () => {
    const a = (await ok(createTask, { input: { projectId, title: 'A' } })).createTask.task;
    const b = (await ok(createTask, { input: { projectId, title: 'B' } })).createTask.task;
    const done = statuses.find((s) => s.name === 'Done');
    const moved = await ok(
      `mutation ($i: MoveTaskInput!) {
        moveTask(input: $i) { task { status { name } completedAt } } }`,
      { i: { id: a.id, statusId: done?.id } },
    );
    expect(moved.moveTask.task.status.name).toBe('Done');
    expect(moved.moveTask.task.completedAt).not.toBeNull();
    const assigned = await ok(
      `mutation ($i: AssignTaskInput!) { assignTask(input: $i) { task { assignees { id } } } }`,
      { i: { taskId: b.id, userId: owner.user.id } },
    );
    expect(assigned.assignTask.task.assignees).toEqual([{ id: owner.user.id }]);
    const labels = await ok(`query ($p: ID!) { project(id: $p) { labels { id } } }`, {
      p: projectId,
    });
    const labelled = await ok(
      `mutation ($i: SetTaskLabelsInput!) {
        setTaskLabels(input: $i) { task { labels { name } } } }`,
      { i: { taskId: b.id, labelIds: [labels.project.labels[0].id] } },
    );
    expect(labelled.setTaskLabels.task.labels).toEqual([{ name: 'bug' }]);
    const linked = await ok(
      `mutation ($i: TaskRelationInput!) { addTaskRelation(input: $i) {
        task { relations { type relatedTask { title } } } } }`,
      { i: { taskId: a.id, relatedTaskId: b.id, type: 'BLOCKS' } },
    );
    expect(linked.addTaskRelation.task.relations).toEqual([
      { type: 'BLOCKS', relatedTask: { title: 'B' } },
    ]);
    const sub = await ok(createTask, { input: { projectId, title: 'B.1', parentId: b.id } });
    const parent = await ok(`query ($id: ID!) { task(id: $id) { subtasks { title } } }`, {
      id: b.id,
    });
    expect(parent.task.subtasks).toEqual([{ title: 'B.1' }]);
    expect(sub.createTask.task.title).toBe('B.1');
  });

  it('bulk-updates all or nothing', async () => {
    const x = (await ok(createTask, { input: { projectId, title: 'X' } })).createTask.task;
    const y = (await ok(createTask, { input: { projectId, title: 'Y' } })).createTask.task;
    const bulk = `mutation ($i: BulkUpdateTasksInput!) { bulkUpdateTasks(input: $i) {
      index tasks { title priority } } }`;
    const failed = await server.gql(
      bulk,
      {
        i: {
          updates: [
            { id: x.id, changes: { priority: 'LOW' } },
            { id: y.id, expectedVersion: 9, changes: { priority: 'LOW' } },
          ],
        },
      },
      owner.token,
    );
    expect(errorCodes(failed)).toEqual(['CONFLICT']);
    const still = await ok(`query ($id: ID!) { task(id: $id) { priority } }`, { id: x.id });
    expect(still.task.priority).toBe('NONE');
    const done = await ok(bulk, {
      i: { updates: [x, y].map((t) => ({ id: t.id, changes: { priority: 'LOW' } })) },
    });
    expect(done.bulkUpdateTasks.tasks.map((t: LooseData) => t.priority)).toEqual(['LOW', 'LOW']);
  });

  it('deletes a task so that it no longer resolves', async () => {
    const z = (await ok(createTask, { input: { projectId, title: 'Z' } })).createTask.task;
    const deleted = await ok(
      `mutation ($i: DeleteTaskInput!) { deleteTask(input: $i) { success task { id } index } }`,
      { i: { id: z.id } },
    );
    expect(deleted.deleteTask).toMatchObject({ success: true, task: null });
    expect((await ok(`query ($id: ID!) { task(id: $id) { id } }`, { id: z.id })).task).toBeNull();
  });
});

describe('listing', () => {
  it('filters, orders and pages project.tasks with totalCount', async () => {
    const page = `query ($p: ID!, $first: Int, $after: String, $last: Int, $before: String,
      $filter: TaskFilter, $order: TaskOrder) { project(id: $p) {
        tasks(first: $first, after: $after, last: $last, before: $before, filter: $filter,
          orderBy: $order) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
          edges { cursor node { title priority } } } } }`;
    const all = await ok(page, { p: projectId, order: { field: 'CREATED' } });
    const total = all.project.tasks.totalCount;
    expect(total).toBeGreaterThan(5);
    const first = await ok(page, { p: projectId, first: 2, order: { field: 'CREATED' } });
    expect(first.project.tasks.edges).toHaveLength(2);
    expect(first.project.tasks.pageInfo.hasNextPage).toBe(true);
    const next = await ok(page, {
      p: projectId,
      first: 2,
      after: first.project.tasks.pageInfo.endCursor,
      order: { field: 'CREATED' },
    });
    expect(next.project.tasks.edges[0].node.title).toBe(all.project.tasks.edges[2].node.title);
    const last = await ok(page, { p: projectId, last: 1, order: { field: 'CREATED' } });
    expect(last.project.tasks.edges[0].node.title).toBe(all.project.tasks.edges.at(-1).node.title);
    const low = await ok(page, {
      p: projectId,
      filter: { or: [{ priority: { eq: 'LOW' } }, { priority: { gt: 'MEDIUM' } }] },
      order: { field: 'PRIORITY', direction: 'DESC' },
    });
    expect(low.project.tasks.edges.map((e: LooseData) => e.node.priority)).toEqual([
      'HIGH',
      'LOW',
      'LOW',
    ]);
    const unassigned = await ok(page, {
      p: projectId,
      filter: { assignee: { null: false }, labels: { name: { eq: 'bug' } } },
    });
    expect(unassigned.project.tasks.edges.map((e: LooseData) => e.node.title)).toEqual(['B']);
    const tooMany = await server.gql(page, { p: projectId, first: 101 }, owner.token);
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });

  it('pages one board column by cursor, and refuses a cursor of another order', async () => {
    const column = `query ($p: ID!, $s: ID, $after: String, $order: TaskOrder) { project(id: $p) {
        tasks(statusId: $s, first: 1, after: $after, orderBy: $order) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { id status { id } } } } } }`;
    const any = await ok(column, { p: projectId });
    const todo = any.project.tasks.edges[0].node.status.id;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const read: LooseData = (await ok(column, { p: projectId, s: todo, after })).project.tasks;
      for (const edge of read.edges) {
        expect(edge.node.status.id).toBe(todo);
        seen.push(edge.node.id);
      }
      if (!read.pageInfo.hasNextPage) {
        expect(seen).toHaveLength(read.totalCount);
        break;
      }
      after = read.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(1);
    const first = await ok(column, { p: projectId, s: todo });
    const elsewhere = await server.gql(
      column,
      {
        p: projectId,
        s: todo,
        after: first.project.tasks.pageInfo.endCursor,
        order: { field: 'UPDATED' },
      },
      owner.token,
    );
    expect(errorCodes(elsewhere)).toEqual(['BAD_USER_INPUT']);
    const garbage = await server.gql(
      column,
      { p: projectId, s: todo, after: 'bm9wZQ' },
      owner.token,
    );
    expect(errorCodes(garbage)).toEqual(['BAD_USER_INPUT']);
  });

  it('searches across projects and reads its own writes with minIndex', async () => {
    const created = await ok(createTask, { input: { projectId, title: 'Needle in haystack' } });
    const found = await ok(
      `query ($min: Int) { searchTasks(query: "needle", minIndex: $min, consistency: LINEARIZABLE) {
        totalCount edges { node { title } } } }`,
      { min: created.createTask.index },
    );
    expect(found.searchTasks.totalCount).toBe(1);
  });

  it('resolves node and nodes by global id', async () => {
    const data = await ok(`query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`, {
      ids: [projectId, owner.user.id, statuses[0]?.id],
    });
    expect(data.nodes.map((n: LooseData) => n.__typename)).toEqual(['Project', 'User', 'Status']);
  });
});
