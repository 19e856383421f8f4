import { uuidv7 } from '@raftboard/uuidv7';
import type { BrowserContext, Page } from 'playwright-core';

/** How long one GraphQL request straight to a node may take before the bench gives up. */
export const graphqlTimeoutMs = 15_000;
/** Attempts per seeded task; a retry reuses the requestId, so it is exactly-once. */
const seedAttemptsMax = 3;
/** How long signing up in the browser may take, until the project list shows. */
const signUpTimeoutMs = 30_000;
/** The cookie that carries the browser's session token (apps/web/src/server/session.ts). */
const sessionCookieName = 'raftboard_session';
/** Every person's password; the bench only needs it to be valid. */
const password = 'correct horse battery';

/** Who is calling which node: a node's base URL and a session token. */
export interface NodeCaller {
  nodeUrl: string;
  token: string;
}

/** A column of the seeded board, in workflow order. */
export interface BoardColumn {
  id: string;
  name: string;
}

/** A seeded board: its project, its columns in order, and its task ids per column. */
export interface SeededBoard {
  projectId: string;
  columns: BoardColumn[];
  taskIdsByColumn: string[][];
  seedMs: number;
}

/**
 * Posts one GraphQL operation to `<nodeUrl>/graphql` with the caller's token and returns
 * `data`; throws on GraphQL errors, a missing `data` or after `graphqlTimeoutMs`.
 */
export async function nodeGraphql<T>(
  caller: NodeCaller,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(`${caller.nodeUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(graphqlTimeoutMs),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('; '));
  if (body.data === undefined) throw new Error(`no data (HTTP ${response.status})`);
  return body.data;
}

/** Signs a person up through the board's own form; the session lands in a cookie. */
export async function signUp(page: Page, options: { webUrl: string; name: string; email: string }) {
  await page.goto(`${options.webUrl}/sign-up`);
  await page.getByLabel('Name').fill(options.name);
  await page.getByLabel('Email').fill(options.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/projects', { timeout: signUpTimeoutMs });
}

/** The session token of a signed-in browser context (read from its httpOnly cookie). */
export async function sessionToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((entry) => entry.name === sessionCookieName);
  if (!cookie) throw new Error(`no ${sessionCookieName} cookie: is the person signed in?`);
  return decodeURIComponent(cookie.value);
}

/** Creates a task in a column; returns its id. Retries with the same requestId. */
export async function createTask(
  caller: NodeCaller,
  input: { projectId: string; statusId: string; title: string },
): Promise<string> {
  const requestId = uuidv7();
  const query = `mutation ($input: CreateTaskInput!) {
    createTask(input: $input) { success task { id } } }`;
  let lastError: unknown;
  for (let attempt = 0; attempt < seedAttemptsMax; attempt++) {
    try {
      const data = await nodeGraphql<{ createTask: { task: { id: string } | null } }>(
        caller,
        query,
        { input: { ...input, requestId } },
      );
      if (data.createTask.task) return data.createTask.task.id;
      lastError = new Error(`createTask "${input.title}" did not commit`);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function createProject(caller: NodeCaller, name: string): Promise<string> {
  const data = await nodeGraphql<{ createProject: { project: { id: string } } }>(
    caller,
    `mutation ($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`,
    { input: { name, requestId: uuidv7() } },
  );
  return data.createProject.project.id;
}

async function addColumn(caller: NodeCaller, projectId: string, name: string) {
  await nodeGraphql(
    caller,
    `mutation ($input: CreateStatusInput!) { createStatus(input: $input) { success } }`,
    { input: { projectId, name, category: 'COMPLETED', requestId: uuidv7() } },
  );
}

async function columnsOf(caller: NodeCaller, projectId: string): Promise<BoardColumn[]> {
  const data = await nodeGraphql<{ project: { statuses: BoardColumn[] } }>(
    caller,
    `query ($id: ID!) { project(id: $id, consistency: LINEARIZABLE) { statuses { id name } } }`,
    { id: projectId },
  );
  return data.project.statuses;
}

/** Adds a person to the project as a MEMBER, by email (the caller must be an admin). */
export async function addMember(caller: NodeCaller, projectId: string, email: string) {
  await nodeGraphql(
    caller,
    `mutation ($input: AddProjectMemberInput!) { addProjectMember(input: $input) { success } }`,
    { input: { projectId, email, role: 'MEMBER', requestId: uuidv7() } },
  );
}

/**
 * Runs `work(i)` for i in [0, count) with at most `inflightMax` calls in flight; returns the
 * results in index order.
 */
async function boundedAll<T>(
  count: number,
  inflightMax: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflightMax, count) }, lane));
  return results;
}

/**
 * Creates a project with the 5 default columns plus `extraColumnName`, then `taskCount` tasks
 * spread round-robin over the columns, written straight to the nodes (round-robin over
 * `callers`, all with one person's token) with at most `inflightMax` requests in flight.
 */
export async function seedBoard(options: {
  callers: NodeCaller[];
  projectName: string;
  extraColumnName: string;
  taskCount: number;
  inflightMax: number;
}): Promise<SeededBoard> {
  const first = options.callers[0];
  if (!first) throw new Error('seedBoard needs at least one node');
  const projectId = await createProject(first, options.projectName);
  await addColumn(first, projectId, options.extraColumnName);
  // A linearizable read on every node: each has the project and its columns before writes.
  const views = await Promise.all(options.callers.map((caller) => columnsOf(caller, projectId)));
  const columns = views[0] ?? [];
  const started = performance.now();
  const taskIds = await boundedAll(options.taskCount, options.inflightMax, (index) => {
    const caller = options.callers[index % options.callers.length] ?? first;
    const column = columns[index % columns.length]!;
    const title = `Seed ${String(index + 1).padStart(4, '0')}`;
    return createTask(caller, { projectId, statusId: column.id, title });
  });
  const seedMs = performance.now() - started;
  const taskIdsByColumn = columns.map((_, column) =>
    taskIds.filter((_, index) => index % columns.length === column),
  );
  return { projectId, columns, taskIdsByColumn, seedMs };
}
