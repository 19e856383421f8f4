// Goal: notifications that people want by email reach a real SMTP server (started here, in
// process) as plain text and HTML, once each; people who take a digest get one email listing the
// day's notifications instead; and with no relay configured nothing is sent or lost.
import type { AddressInfo } from 'node:net';
import { systemActor } from '@raftboard/db/commands';
import { outbox } from '@raftboard/db/schema';
import { WebhookTargetGuard } from '@raftboard/schema/integrations/webhook-target';
import {
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '@raftboard/schema/testing/client';
import { uuidv7 } from '@raftboard/uuidv7';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { OutboxDeliverer } from '../src/outbox/deliverer.ts';
import { createSmtpSender } from '../src/outbox/email-sender.ts';

let server: TestServer;
let smtp: SMTPServer;
let smtpUrl: string;
const received: ParsedMail[] = [];
let owner: Awaited<ReturnType<typeof signUp>>;
let bob: Awaited<ReturnType<typeof signUp>>;
let projectId: string;

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

function deliverer() {
  return new OutboxDeliverer({
    db: server.node.db,
    isLeader: () => true,
    record: async (payload) => {
      const answer = await server.node.propose({
        type: 'outbox.recordDelivery',
        payload,
        actor: systemActor,
        requestId: uuidv7(),
        at: Date.now(),
      });
      if (!answer.outcome.ok) throw new Error(answer.outcome.message);
    },
    guard: new WebhookTargetGuard(),
    email: createSmtpSender(server.node.db, {
      url: smtpUrl,
      from: 'Raftboard <board@example.test>',
      boardUrl: 'http://board.example.test',
    }),
    retry: { baseMs: 1_000, maxMs: 10_000 },
    timeoutMs: 5_000,
    concurrency: 4,
    perWebhook: 2,
    pollMs: 60_000,
    logger: createLogger({ nodeId: 'test', quiet: true }),
  });
}

async function deliverAll() {
  const target = deliverer();
  await target.scan();
  await target.whenIdle();
  target.stop();
}

async function emailsTo(address: string, count: number) {
  const deadline = Date.now() + 10_000;
  const to = () => received.filter((mail) => mail.to && JSON.stringify(mail.to).includes(address));
  while (to().length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return to();
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  server = await startTestServer('node_email');
  owner = await signUp(server, 'olive');
  bob = await signUp(server, 'bob');
  projectId = (await ok('mutation { createProject(input: { name: "Garden" }) { project { id } } }'))
    .createProject.project.id;
  await ok(
    `mutation ($p: ID!, $u: ID!) { addProjectMember(input: { projectId: $p, userId: $u,
      role: MEMBER }) { success } }`,
    { p: projectId, u: bob.user.id },
  );
}, 60_000);

afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

it('emails an assignment once, as text and HTML, and records it delivered', async () => {
  await deliverAll();
  // Being added to the project emails by default.
  const added = await emailsTo(bob.email, 1);
  expect(added[0]?.subject).toBe('You were added to Garden');
  await ok(
    `mutation ($p: ID!, $u: ID!) { createTask(input: { projectId: $p, title: "Prune <roses>",
      assigneeIds: [$u] }) { task { id } } }`,
    { p: projectId, u: bob.user.id },
  );
  await deliverAll();
  await deliverAll();
  const mails = await emailsTo(bob.email, 2);
  expect(mails).toHaveLength(2);
  const assigned = mails[1];
  expect(assigned?.subject).toBe('You were assigned “Prune <roses>”');
  expect(assigned?.from?.value).toEqual([{ name: 'Raftboard', address: 'board@example.test' }]);
  expect(assigned?.text).toContain('In Garden.');
  expect(assigned?.text).toContain('http://board.example.test/projects/');
  expect(assigned?.html).toContain('Prune &lt;roses&gt;');
  expect(String(assigned?.headers.get('x-raftboard-delivery'))).toMatch(/^notification:\d+-n\d+$/);
  const rows = (await server.node.db.select().from(outbox)).filter((row) => row.kind === 'email');
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows.every((row) => row.state === 'delivered' && row.attempts === 1)).toBe(true);
});

it('sends a digest instead, once a day, listing the day’s notifications', async () => {
  const settings = await ok(
    'mutation { setEmailDigest(enabled: true) { settings { emailDigest } } }',
    {},
    bob.token,
  );
  expect(settings.setEmailDigest.settings.emailDigest).toBe(true);
  const before = received.length;
  for (const title of ['Water', 'Weed']) {
    await ok(
      `mutation ($p: ID!, $u: ID!, $t: String!) { createTask(input: { projectId: $p, title: $t,
        assigneeIds: [$u] }) { task { id } } }`,
      { p: projectId, u: bob.user.id, t: title },
    );
  }
  await deliverAll();
  expect(received.length).toBe(before);
  // A tick at 08:00 UTC or later (the leader's, as the node proposes it).
  const now = new Date();
  const eight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8);
  const tick = Math.max(Date.now() + 1_000, eight);
  const answer = await server.node.propose({
    type: 'schedule.tick',
    payload: { now: tick },
    actor: systemActor,
    requestId: uuidv7(),
    at: Date.now(),
  });
  const bobId = Buffer.from(bob.user.id, 'base64url').toString().split(':')[1];
  expect(answer.outcome).toMatchObject({ ok: true, result: { digests: [bobId] } });
  await deliverAll();
  const [digest] = (await emailsTo(bob.email, 3)).slice(2);
  expect(digest?.subject).toMatch(/^Your Raftboard digest for \d{4}-\d{2}-\d{2}: \d+ updates$/);
  expect(digest?.text).toContain('- You were assigned “Water”');
  expect(digest?.text).toContain('- You were assigned “Weed”');
  expect(digest?.html).toContain('<li><a href="http://board.example.test/projects/');
});
