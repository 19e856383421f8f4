import { randomUUID } from 'node:crypto';
import { uuidv7 } from '@raftboard/uuidv7';
import { graphql } from './graphql.ts';

/** A signed-in person and a project of theirs on a running cluster. */
export interface BoardSession {
  token: string;
  projectId: string;
  /** The log index of the project's creation: read at least this on any node. */
  index: number;
}

/** Signs a new person up through `url`; returns their session token and user id. */
export async function signUpPerson(url: string): Promise<{ token: string; userId: string }> {
  const email = `person-${randomUUID()}@example.com`;
  const { signUp } = await graphql<{ signUp: { token: string; user: { id: string } } }>(
    url,
    `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`,
    { input: { email, password: 'correct horse battery staple', name: 'Test Person' } },
  );
  return { token: signUp.token, userId: signUp.user.id };
}

/** Signs a new person up (through `url`) and creates a project for them. */
export async function openBoard(url: string): Promise<BoardSession> {
  const signUp = await signUpPerson(url);
  const { createProject } = await graphql<{
    createProject: { project: { id: string }; index: number };
  }>(
    url,
    `mutation ($input: CreateProjectInput!) {
      createProject(input: $input) { project { id } index }
    }`,
    { input: { name: 'Cluster test board' } },
    { token: signUp.token },
  );
  return { token: signUp.token, projectId: createProject.project.id, index: createProject.index };
}

/**
 * Waits until node `url` has applied `index` (a read with `minIndex`): what a client that
 * moves to another node does with the last index it saw, so it never goes back in time.
 */
export async function catchUp(url: string, session: BoardSession, index: number): Promise<void> {
  await graphql(
    url,
    `query ($id: ID!, $minIndex: Int) { project(id: $id, minIndex: $minIndex) { id } }`,
    {
      id: session.projectId,
      minIndex: index,
    },
    { token: session.token },
  );
}

/** Creates a task through `url`; returns its id and the log index of the write. */
export async function createTask(
  url: string,
  session: BoardSession,
  title: string,
  options: { requestId?: string; timeoutMs?: number } = {},
): Promise<{ id: string; index: number }> {
  const { createTask } = await graphql<{ createTask: { task: { id: string }; index: number } }>(
    url,
    `mutation ($input: CreateTaskInput!) { createTask(input: $input) { task { id } index } }`,
    {
      input: { projectId: session.projectId, title, requestId: options.requestId ?? uuidv7() },
    },
    { token: session.token, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
  );
  return { id: createTask.task.id, index: createTask.index };
}

/** The project's task titles as node `url` has them once it applied `minIndex`, sorted. */
export async function taskTitles(
  url: string,
  session: BoardSession,
  minIndex: number,
): Promise<string[]> {
  const titles: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      project: {
        tasks: {
          edges: { node: { title: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
    } = await graphql(
      url,
      `query ($id: ID!, $minIndex: Int, $after: String) {
        project(id: $id, minIndex: $minIndex) {
          tasks(first: 100, after: $after) { edges { node { title } } pageInfo { hasNextPage endCursor } }
        }
      }`,
      { id: session.projectId, minIndex, after },
      { token: session.token },
    );
    titles.push(...data.project.tasks.edges.map((edge) => edge.node.title));
    if (!data.project.tasks.pageInfo.hasNextPage) break;
    after = data.project.tasks.pageInfo.endCursor;
  }
  return titles.sort();
}

/** Renames a task (the chaos workload's register write); returns the log index. */
export async function renameTask(
  url: string,
  session: BoardSession,
  taskId: string,
  title: string,
  options: { requestId: string; timeoutMs?: number },
): Promise<number> {
  const { updateTask } = await graphql<{ updateTask: { index: number } }>(
    url,
    `mutation ($input: UpdateTaskInput!) { updateTask(input: $input) { index } }`,
    { input: { id: taskId, changes: { title }, requestId: options.requestId } },
    { token: session.token, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
  );
  return updateTask.index;
}

/** A task's title read with `consistency: LINEARIZABLE` (the chaos workload's register read). */
export async function readTaskTitle(
  url: string,
  session: BoardSession,
  taskId: string,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const { task } = await graphql<{ task: { title: string } | null }>(
    url,
    `query ($id: ID!) { task(id: $id, consistency: LINEARIZABLE) { title } }`,
    { id: taskId },
    { token: session.token, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
  );
  if (!task) throw new Error(`task ${taskId} not found`);
  return task.title;
}

/** The raw id inside a Relay global id (`base64url("Type:id")`). */
export function rawId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error(`not a global id: ${globalId}`);
  return decoded.slice(colon + 1);
}
