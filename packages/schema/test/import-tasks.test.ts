// Goal: importTasks creates many tasks of one project in one log entry through the real apply,
// appended to their columns in order, only for members who may write, and refuses too many
// tasks, too many bytes or a bad field with BAD_USER_INPUT that names the problem.
import { importTasksBytesMax, importTasksMax } from '@raftboard/db/commands';
import { uuidv7 } from '@raftboard/uuidv7';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
let statuses: { id: string; name: string }[];

const importTasks = `mutation ($input: ImportTasksInput!) {
  importTasks(input: $input) {
    success index count
    tasks { title priority dueDate position status { name } labels { name } assignees { id } }
  }
}`;

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

/** The refusal of importing `tasks` as `token`: its codes and first message. */
async function refusal(tasks: unknown[], token = owner.token) {
  const response = await server.gql(importTasks, { input: { projectId, tasks } }, token);
  return { codes: errorCodes(response), message: response.errors?.[0]?.message ?? '' };
}

beforeAll(async () => {
  server = await startTestServer('schema_import_tasks');
  owner = await signUp(server, 'Owner');
  const created = await ok(
    `mutation { createProject(input: { name: "Imports" }) { project { id statuses { id name } } } }`,
  );
  projectId = created.createProject.project.id;
  statuses = created.createProject.project.statuses;
});
afterAll(() => server.close());

it('imports tasks in one entry, each at the bottom of its column in the order given', async () => {
  const label = await ok(
    `mutation ($p: ID!) { createLabel(input: { projectId: $p, name: "bug", color: "#ff0000" })
      { label { id } } }`,
    { p: projectId },
  );
  const first = await ok(
    `mutation ($p: ID!) { createTask(input: { projectId: $p, title: "Already there" })
      { task { position } } }`,
    { p: projectId },
  );
  const done = statuses.find((status) => status.name === 'Done');
  const requestId = uuidv7();
  const imported = await ok(importTasks, {
    input: {
      projectId,
      requestId,
      tasks: [
        { title: 'Row 1', labelIds: [label.createLabel.label.id], assigneeIds: [owner.user.id] },
        { title: 'Row 2', statusId: done?.id, priority: 'HIGH', dueDate: '2026-05-01' },
        { title: 'Row 3' },
      ],
    },
  });
  const payload = imported.importTasks;
  expect(payload).toMatchObject({ success: true, count: 3 });
  const [one, two, three] = payload.tasks;
  expect(one).toMatchObject({ status: { name: 'Todo' }, labels: [{ name: 'bug' }] });
  expect(one.assignees).toEqual([{ id: owner.user.id }]);
  expect(two).toMatchObject({ status: { name: 'Done' }, priority: 'HIGH', dueDate: '2026-05-01' });
  expect(one.position > first.createTask.task.position).toBe(true);
  expect(three.position > one.position).toBe(true);
  // Exactly once: the same requestId answers the first import again and creates nothing.
  const again = await ok(importTasks, {
    input: { projectId, requestId, tasks: [{ title: 'Row 1' }] },
  });
  expect(again.importTasks).toMatchObject({ index: payload.index, count: 3 });
});

it('lets members import and refuses viewers and outsiders', async () => {
  const member = await signUp(server, 'Member');
  const viewer = await signUp(server, 'Viewer');
  const outsider = await signUp(server, 'Outsider');
  for (const [user, role] of [
    [member, 'MEMBER'],
    [viewer, 'VIEWER'],
  ] as const) {
    await ok(
      `mutation ($p: ID!, $u: ID!, $r: ProjectRole!) { addProjectMember(input: { projectId: $p,
        userId: $u, role: $r }) { success } }`,
      { p: projectId, u: user.user.id, r: role },
    );
  }
  const row = [{ title: 'From a member' }];
  const byMember = await ok(importTasks, { input: { projectId, tasks: row } }, member.token);
  expect(byMember.importTasks.count).toBe(1);
  expect((await refusal(row, viewer.token)).codes).toEqual(['FORBIDDEN']);
  expect((await refusal(row, outsider.token)).codes).toEqual(['NOT_FOUND']);
  expect((await refusal(row, '')).codes).toEqual(['UNAUTHENTICATED']);
});

it('refuses too many tasks, too many bytes and bad fields, naming the problem', async () => {
  const titled = (count: number) => Array.from({ length: count }, (_, i) => ({ title: `t${i}` }));
  expect(await refusal([])).toMatchObject({ codes: ['BAD_USER_INPUT'] });
  const tooMany = await refusal(titled(importTasksMax + 1));
  expect(tooMany).toMatchObject({ codes: ['BAD_USER_INPUT'] });
  expect(tooMany.message).toMatch(`give 1 to ${importTasksMax} tasks`);
  const description = 'x'.repeat(60_000);
  const tooLarge = await refusal(titled(20).map((task) => ({ ...task, description })));
  expect(tooLarge).toMatchObject({ codes: ['BAD_USER_INPUT'] });
  expect(tooLarge.message).toMatch(`at most ${importTasksBytesMax} bytes`);
  const blank = await refusal([{ title: 'fine' }, { title: '   ' }]);
  expect(blank).toMatchObject({ codes: ['BAD_USER_INPUT'] });
  expect(blank.message).toMatch(/tasks\.1\.title/);
  const before = await ok(`query ($p: ID!) { project(id: $p) { tasks { totalCount } } }`, {
    p: projectId,
  });
  const outsider = await signUp(server, 'Stranger');
  const stranger = await refusal([
    { title: 'ok' },
    { title: 'x', assigneeIds: [outsider.user.id] },
  ]);
  expect(stranger.codes).toEqual(['BAD_USER_INPUT']);
  const after = await ok(`query ($p: ID!) { project(id: $p) { tasks { totalCount } } }`, {
    p: projectId,
  });
  expect(after.project.tasks.totalCount).toBe(before.project.tasks.totalCount);
});
