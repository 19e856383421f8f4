// Goal: a project's tasks exported with `tasksCsv` import into another project with
// `importTasksCsv` unchanged (awkward text, columns, priorities, days, labels, assignees), through
// the real apply; a bad row imports nothing and is named; formula cells are neutralised; only
// members import and only members export.
import { uuidv7 } from '@raftboard/uuidv7';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

type User = Awaited<ReturnType<typeof signUp>>;

let server: TestServer;
let owner: User;
let member: User;
let viewer: User;
let outsider: User;
let source: string;
let target: string;

const exportCsv = `query ($p: ID!, $filter: TaskFilter) {
  project(id: $p) { tasksCsv(filter: $filter) }
}`;
const importCsv = `mutation ($input: ImportTasksCsvInput!) {
  importTasksCsv(input: $input) { success index count tasks { id title } }
}`;
const boardTasks = `query ($p: ID!) {
  project(id: $p) {
    tasks(first: 100) {
      totalCount
      edges { node {
        title description priority dueDate status { name } labels { name } assignees { username }
      } }
    }
  }
}`;

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

async function createProject(name: string) {
  const created = await ok(
    `mutation ($name: String!) { createProject(input: { name: $name }) { project { id } } }`,
    { name },
  );
  const projectId = created.createProject.project.id as string;
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
  const labelIds: Record<string, string> = {};
  for (const label of ['bug', 'ui; ux', '=calc']) {
    const made = await ok(
      `mutation ($p: ID!, $n: String!) { createLabel(input: { projectId: $p, name: $n,
        color: "#336699" }) { label { id } } }`,
      { p: projectId, n: label },
    );
    labelIds[label] = made.createLabel.label.id;
  }
  const statuses = await ok(`query ($p: ID!) { project(id: $p) { statuses { id name } } }`, {
    p: projectId,
  });
  const statusIds = Object.fromEntries(
    statuses.project.statuses.map((status: { id: string; name: string }) => [
      status.name,
      status.id,
    ]),
  );
  return { projectId, labelIds, statusIds };
}

/** The import's refusal: codes, message and row errors. */
async function refusal(csv: string, token = member.token, projectId = target) {
  const response = await server.gql(importCsv, { input: { projectId, csv } }, token);
  const extensions = (response.errors?.[0]?.extensions ?? {}) as LooseData;
  return {
    codes: errorCodes(response),
    message: response.errors?.[0]?.message ?? '',
    rowErrors: (extensions.rowErrors ?? []) as { row: number | null; column: string | null }[],
  };
}

/** A board's tasks as comparable values, in board order. */
async function boardOf(projectId: string) {
  const data = await ok(boardTasks, { p: projectId });
  return data.project.tasks.edges.map(({ node }: LooseData) => ({
    ...node,
    status: node.status.name,
    labels: node.labels.map((label: { name: string }) => label.name).sort(),
    assignees: node.assignees.map((user: { username: string }) => user.username).sort(),
  }));
}

async function taskCount(projectId: string): Promise<number> {
  const data = await ok(`query ($p: ID!) { project(id: $p) { tasks { totalCount } } }`, {
    p: projectId,
  });
  return data.project.tasks.totalCount;
}

beforeAll(async () => {
  server = await startTestServer('schema_tasks_csv');
  owner = await signUp(server, 'Owner');
  member = await signUp(server, 'Member');
  viewer = await signUp(server, 'Viewer');
  outsider = await signUp(server, 'Outsider');
  const from = await createProject('CSV source');
  source = from.projectId;
  target = (await createProject('CSV target')).projectId;
  const { labelIds, statusIds } = from;
  await ok(`mutation ($input: ImportTasksInput!) { importTasks(input: $input) { count } }`, {
    input: {
      projectId: source,
      tasks: [
        {
          title: 'Ship it, then "celebrate"',
          description: 'Line one, with a comma\r\nLine "two"\n\n- a list item',
          statusId: statusIds['In Progress'],
          priority: 'URGENT',
          dueDate: '2026-05-01',
          labelIds: [labelIds.bug, labelIds['ui; ux']],
          assigneeIds: [owner.user.id, member.user.id],
        },
        {
          title: '=HYPERLINK("http://evil.example","click")',
          description: '@SUM(A1:A9)\nthen more',
          statusId: statusIds.Done,
          priority: 'LOW',
          labelIds: [labelIds['=calc']],
        },
        { title: "-1 and a 'quote", description: "'=already quoted" },
        { title: '   leading spaces', description: '\ttabbed', priority: 'MEDIUM' },
      ],
    },
  });
});
afterAll(() => server.close());

it('exports a header and one guarded row per task, readable by every member', async () => {
  const csv = (await ok(exportCsv, { p: source }, viewer.token)).project.tasksCsv as string;
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual([
    'id',
    'title',
    'description',
    'status',
    'priority',
    'dueDate',
    'startDate',
    'labels',
    'assignees',
    'createdAt',
    'completedAt',
  ]);
  const byTitle = new Map(parsed.data.map((row) => [row.title, row]));
  const shipped = byTitle.get('Ship it, then "celebrate"');
  expect(shipped).toMatchObject({
    status: 'In Progress',
    priority: 'URGENT',
    dueDate: '2026-05-01',
    labels: 'bug; ui; ux',
    completedAt: '',
  });
  expect(shipped?.assignees?.split('; ').sort()).toEqual(
    [owner.user.username, member.user.username].sort(),
  );
  // No email of anyone leaves through the export, even the viewer's own project's.
  expect(csv).not.toContain('@example.test');
  // Formula injection (OWASP): every cell a spreadsheet would run starts with a single quote.
  expect(byTitle.get('\'=HYPERLINK("http://evil.example","click")')).toMatchObject({
    description: "'@SUM(A1:A9)\nthen more",
    labels: "'=calc",
    status: 'Done',
  });
  expect(byTitle.get("'-1 and a 'quote")?.description).toBe("''=already quoted");
  const cells = parsed.data.flatMap((row) => Object.values(row));
  expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  // One export per request: a list of projects cannot multiply the bound on one answer.
  const twice = await server.gql('{ projects { tasksCsv } }', {}, owner.token);
  expect(errorCodes(twice)).toEqual(['BAD_USER_INPUT']);
  expect(twice.errors?.[0]?.message).toMatch('one tasksCsv per request');
  const done = await ok(exportCsv, {
    p: source,
    filter: { status: { category: { eq: 'COMPLETED' } } },
  });
  expect(Papa.parse(done.project.tasksCsv, { header: true }).data).toHaveLength(1);
});

it('round-trips an export into another project: titles, text, columns, priorities, days, labels, assignees', async () => {
  const csv = (await ok(exportCsv, { p: source })).project.tasksCsv as string;
  const requestId = uuidv7();
  const imported = await ok(
    importCsv,
    { input: { projectId: target, csv, requestId } },
    member.token,
  );
  expect(imported.importTasksCsv).toMatchObject({ success: true, count: 4 });
  expect(imported.importTasksCsv.tasks).toHaveLength(4);
  expect(await boardOf(target)).toEqual(await boardOf(source));
  // Exactly once: the same requestId answers the first import again and creates nothing.
  const again = await ok(importCsv, { input: { projectId: target, csv, requestId } }, member.token);
  expect(again.importTasksCsv.index).toBe(imported.importTasksCsv.index);
  expect(await taskCount(target)).toBe(4);
});

it('imports nothing when a row is bad, and names each bad row and column', async () => {
  const before = await taskCount(target);
  const csv = [
    'Title,Status,Priority,Due Date,Labels,Assignees',
    'Fine,Todo,high,2026-06-01,bug,',
    'Wrong column,Doing,,,,',
    'Bad day,,,2026-02-30,,',
    `Stranger,,,,,${outsider.user.username}`,
    'Made-up label,,,,nope,',
    `${'x'.repeat(256)},,,,,`,
  ].join('\n');
  const refused = await refusal(csv);
  expect(refused.codes).toEqual(['BAD_USER_INPUT']);
  expect(refused.message).toMatch(/^nothing was imported; the CSV has 4 problems: row 3, status: /);
  expect(refused.rowErrors.map((error) => [error.row, error.column])).toEqual([
    [3, 'status'],
    [4, 'dueDate'],
    [5, 'assignees'],
    [6, 'labels'],
  ]);
  // The command's own limits are named by row too, once the names resolve.
  const tooLong = await refusal(`title\nfine\n${'x'.repeat(256)}`);
  expect(tooLong.rowErrors).toMatchObject([{ row: 3, column: 'title' }]);
  const unknownColumn = await refusal('title,owner\nx,ada');
  expect(unknownColumn.message).toMatch('unknown column "owner"');
  expect(await taskCount(target)).toBe(before);
});

it('takes members by email and LF files, and bounds rows and bytes', async () => {
  const csv = `title,assignees\nBy email,${owner.email.toUpperCase()}; @${member.user.username}\n`;
  const imported = await ok(importCsv, { input: { projectId: target, csv } }, member.token);
  const [task] = imported.importTasksCsv.tasks;
  const read = await ok(`query ($id: ID!) { task(id: $id) { assignees { id } } }`, { id: task.id });
  expect(read.task.assignees.map((user: { id: string }) => user.id).sort()).toEqual(
    [owner.user.id, member.user.id].sort(),
  );
  const rows = Array.from({ length: 501 }, (_, i) => `t${i}`).join('\n');
  expect((await refusal(`title\n${rows}`)).message).toMatch('501 task rows; import at most 500');
  const huge = `title,description\nbig,${'y'.repeat(1024 * 1024)}`;
  expect((await refusal(huge)).message).toMatch('import at most 1048576');
});

it('refuses viewers and outsiders: viewers cannot import, outsiders cannot export', async () => {
  const csv = 'title\nNot allowed';
  expect((await refusal(csv, viewer.token)).codes).toEqual(['FORBIDDEN']);
  expect((await refusal(csv, outsider.token)).codes).toEqual(['NOT_FOUND']);
  expect((await refusal(csv, '')).codes).toEqual(['UNAUTHENTICATED']);
  const outside = await server.gql(exportCsv, { p: source }, outsider.token);
  expect(outside.errors).toBeUndefined();
  expect(outside.data?.project).toBeNull();
  const viaNode = await server.gql(
    `query ($p: ID!) { node(id: $p) { ... on Project { tasksCsv } } }`,
    { p: source },
    outsider.token,
  );
  expect(viaNode.data?.node ?? null).toBeNull();
});
