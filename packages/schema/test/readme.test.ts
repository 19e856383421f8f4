// Goal: the operations the README tells people to paste into the playground actually work.
import { readFileSync } from 'node:fs';
import { uuidv7 } from '@raftboard/uuidv7';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type LooseData,
  startTestServer,
  subscribeSse,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('schema_readme');
});
afterAll(() => server.close());

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

it('runs every README example in order', async () => {
  const [signUp, start, addTask, urgent, watch] = blocks;
  const signedUp = await server.gql(signUp ?? '');
  const token = (signedUp.data as LooseData).signUp.token as string;
  const startVariables = { requestId: uuidv7() };
  const started = await server.gql(start ?? '', startVariables, token);
  const projectId = (started.data as LooseData).createProject.project.id;
  const again = await server.gql(start ?? '', startVariables, token);
  expect((again.data as LooseData).createProject.project.id).toBe(projectId);
  const added = await server.gql(addTask ?? '', { projectId }, token);
  expect(added.errors).toBeUndefined();
  const minIndex = (added.data as LooseData).createTask.index;
  const read = await server.gql(urgent ?? '', { projectId, minIndex }, token);
  expect((read.data as LooseData).project.tasks.totalCount).toBe(1);
  const stream = await subscribeSse(server, watch ?? '', { projectId }, token);
  await server.gql(addTask ?? '', { projectId }, token);
  expect((await stream.next())?.data?.projectEvents.type).toBe('EVENT');
  await stream.close();
});
