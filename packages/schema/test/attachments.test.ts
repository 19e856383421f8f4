// Goal: files upload through the GraphQL multipart spec with a size cap, list on their task,
// download only for members of the project, and delete.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveAttachmentDownload } from '../src/attachments/download.ts';
import {
  errorCodes,
  type GraphQLResponse,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signUp>>;
let taskId: string;

const upload = `mutation ($t: ID!, $f: File!) { uploadAttachment(taskId: $t, file: $f) {
  index attachment { id fileName contentType sizeBytes downloadUrl } } }`;

async function sendFile(file: File, token: string): Promise<Response> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: upload, variables: { t: taskId, f: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  form.set('0', file);
  return server.yoga.fetch('http://node.test/graphql', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' },
    body: form,
  });
}

beforeAll(async () => {
  server = await startTestServer('schema_attach');
  owner = await signUp(server, 'Uploader');
  const project = await server.gql(
    'mutation { createProject(input: { name: "Files" }) { project { id } } }',
    {},
    owner.token,
  );
  const task = await server.gql(
    'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "t" }) { task { id } } }',
    { p: (project.data as LooseData).createProject.project.id },
    owner.token,
  );
  taskId = (task.data as LooseData).createTask.task.id;
});
afterAll(() => server.close());

it('uploads, lists, downloads for members only, and deletes', async () => {
  const bytes = new TextEncoder().encode('hello, attachments');
  const response = await sendFile(
    new File([bytes], 'hello.txt', { type: 'text/plain' }),
    owner.token,
  );
  const body = (await response.json()) as GraphQLResponse;
  const attachment = (body.data as LooseData).uploadAttachment.attachment;
  expect(attachment).toMatchObject({
    fileName: 'hello.txt',
    contentType: 'text/plain',
    sizeBytes: bytes.length,
  });
  const listed = await server.gql(
    'query ($t: ID!) { task(id: $t) { attachments { fileName } } }',
    { t: taskId },
    owner.token,
  );
  expect((listed.data as LooseData).task.attachments).toEqual([{ fileName: 'hello.txt' }]);
  const id = String(attachment.downloadUrl).split('/').at(-1) ?? '';
  const download = (token?: string) =>
    serveAttachmentDownload(
      server.node,
      new Request(`http://node.test${attachment.downloadUrl}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
      id,
    );
  const mine = await download(owner.token);
  expect(mine.status).toBe(200);
  expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
  expect(await mine.text()).toBe('hello, attachments');
  expect((await download((await signUp(server, 'Stranger')).token)).status).toBe(404);
  expect((await download()).status).toBe(401);
  const deleted = await server.gql(
    'mutation ($id: ID!) { deleteAttachment(id: $id) { success attachment { id } } }',
    { id: attachment.id },
    owner.token,
  );
  expect(deleted.data).toEqual({ deleteAttachment: { success: true, attachment: null } });
  expect((await download(owner.token)).status).toBe(404);
});

it('refuses files over the size cap', async () => {
  const big = new File([new Uint8Array(1024 * 1024 + 1)], 'big.bin');
  const response = await sendFile(big, owner.token);
  if (response.status === 200) {
    expect(errorCodes((await response.json()) as GraphQLResponse)).toEqual(['BAD_USER_INPUT']);
  } else {
    expect(response.status).toBe(413);
  }
});
