// Goal: admins manage a project's webhooks; the signing secret is shown once and never again,
// not to any role, not through a query, an event replay or a live stream; and the SSRF guard
// refuses private, loopback and link-local targets unless the operator allowed them.
import { uuidv7 } from '@raftboard/uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookTargetGuard } from '../src/integrations/webhook-target.ts';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  subscribeSse,
  type TestServer,
} from '../src/testing/client.ts';

let server: TestServer;
type Role = 'owner' | 'admin' | 'member' | 'viewer';
const roles: Role[] = ['owner', 'admin', 'member', 'viewer'];
const people: Partial<Record<Role, Awaited<ReturnType<typeof signUp>>>> = {};
let projectId: string;

function token(role: Role): string {
  const person = people[role];
  if (!person) throw new Error(`${role} has not signed up`);
  return person.token;
}

async function ok(query: string, variables: Record<string, unknown> = {}, as: Role = 'owner') {
  const response = await server.gql(query, variables, token(as));
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

const create = `mutation ($i: CreateWebhookInput!) { createWebhook(input: $i) {
  index secret webhook { id url eventTypes enabled failureStreak disabledReason } } }`;

beforeAll(async () => {
  server = await startTestServer('schema_webhooks');
  for (const role of roles) people[role] = await signUp(server, role);
  projectId = (await ok('mutation { createProject(input: { name: "Hooks" }) { project { id } } }'))
    .createProject.project.id;
  for (const role of ['admin', 'member', 'viewer'] as const) {
    await ok(
      `mutation ($p: ID!, $u: ID!, $r: ProjectRole!) { addProjectMember(input: { projectId: $p,
        userId: $u, role: $r }) { success } }`,
      { p: projectId, u: people[role]?.user.id, r: role.toUpperCase() },
    );
  }
});
afterAll(() => server.close());

describe('webhook management', () => {
  it('shows a made-up secret once, and lists hooks without it', async () => {
    const made = await ok(create, {
      i: { projectId, url: 'http://127.0.0.1:9/a', eventTypes: ['task.created'] },
    });
    expect(made.createWebhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(made.createWebhook.webhook).toMatchObject({
      url: 'http://127.0.0.1:9/a',
      eventTypes: ['task.created'],
      enabled: true,
      failureStreak: 0,
      disabledReason: null,
    });
    const listed = await ok('query ($p: ID!) { project(id: $p) { webhooks { id url } } }', {
      p: projectId,
    });
    expect(listed.project.webhooks.map((hook: LooseData) => hook.id)).toContain(
      made.createWebhook.webhook.id,
    );
    const fields = await ok('{ __type(name: "Webhook") { fields { name } } }');
    const names = fields.__type.fields.map((field: LooseData) => field.name);
    expect(names).toContain('url');
    expect(names.filter((name: string) => /secret/i.test(name))).toEqual([]);
  });

  it('pauses, resumes and changes a hook, and refuses an empty change', async () => {
    const made = await ok(create, {
      i: { projectId, url: 'http://127.0.0.1:9/b', eventTypes: ['*'] },
    });
    const id = made.createWebhook.webhook.id;
    const update = `mutation ($i: UpdateWebhookInput!) { updateWebhook(input: $i) {
      webhook { url eventTypes enabled } } }`;
    const paused = await ok(update, { i: { id, enabled: false } });
    expect(paused.updateWebhook.webhook.enabled).toBe(false);
    const moved = await ok(update, {
      i: { id, enabled: true, url: 'http://127.0.0.1:9/c', eventTypes: ['task.updated'] },
    });
    expect(moved.updateWebhook.webhook).toEqual({
      url: 'http://127.0.0.1:9/c',
      eventTypes: ['task.updated'],
      enabled: true,
    });
    const empty = await server.gql(update, { i: { id } }, token('admin'));
    expect(errorCodes(empty)).toEqual(['BAD_USER_INPUT']);
    const badKind = await server.gql(
      update,
      { i: { id, eventTypes: ['not a kind'] } },
      token('admin'),
    );
    expect(errorCodes(badKind)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps every secret out of queries, replays and live streams for every role', async () => {
    const feed = `subscription ($p: ID!, $after: Int) { projectEvents(projectId: $p,
      after: $after) { type index event { kind payload } } }`;
    const chosen = 'chosen-secret-0123456789';
    const rotated = 'rotated-secret-9876543210';
    const before = await ok(
      'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "x" }) { index } }',
      {
        p: projectId,
      },
    );
    const streams = await Promise.all(
      roles.map((role) => subscribeSse(server, feed, { p: projectId }, token(role))),
    );
    const made = await ok(create, {
      i: { projectId, url: 'http://127.0.0.1:9/d', eventTypes: ['*'], secret: chosen },
    });
    expect(made.createWebhook.secret).toBe(chosen);
    const rotation = await ok(
      'mutation ($w: ID!, $s: String) { rotateWebhookSecret(id: $w, secret: $s) { secret } }',
      { w: made.createWebhook.webhook.id, s: rotated },
    );
    expect(rotation.rotateWebhookSecret.secret).toBe(rotated);
    for (const [n, role] of roles.entries()) {
      const stream = streams[n];
      if (!stream) throw new Error('no stream');
      const live = [await stream.next(), await stream.next()];
      expect(live.map((message) => message?.data?.projectEvents.event.kind)).toEqual([
        'webhook.created',
        'webhook.updated',
      ]);
      await stream.close();
      const replay = await subscribeSse(
        server,
        feed,
        { p: projectId, after: before.createTask.index },
        token(role),
      );
      const replayed = [await replay.next(), await replay.next()];
      await replay.close();
      const history = await server.gql(
        `query ($p: ID!) { project(id: $p) { events(afterIndex: 0, last: 50) { edges {
          node { kind payload } } } } }`,
        { p: projectId },
        token(role),
      );
      const seen = JSON.stringify([live, replayed, history]);
      expect(seen).toContain('webhook.created');
      expect(seen).not.toContain(chosen);
      expect(seen).not.toContain(rotated);
      // Below admin even the URL is withheld.
      if (role === 'member' || role === 'viewer') expect(seen).not.toContain('127.0.0.1:9/d');
    }
  });

  it('refuses a second createWebhook with the same requestId instead of showing a new secret', async () => {
    const requestId = uuidv7();
    const input = { projectId, url: 'http://127.0.0.1:9/e', eventTypes: ['*'], requestId };
    const first = await server.gql(create, { i: input }, token('owner'));
    expect(first.errors).toBeUndefined();
    const again = await server.gql(create, { i: input }, token('owner'));
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(again)).not.toContain(first.data?.createWebhook.secret);
  });
});

describe('the SSRF guard', () => {
  it('refuses private, loopback, link-local and credentialed targets unless allowed', async () => {
    const strict = new WebhookTargetGuard();
    for (const url of [
      'http://127.0.0.1/x',
      'http://localhost:8080/x',
      'http://10.1.2.3/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'http://[::ffff:192.168.0.1]/x',
      'http://[fe80::1]/x',
      'ftp://example.com/x',
      'http://user:pass@93.184.216.34/x',
    ]) {
      await expect(strict.check(url), url).rejects.toThrow();
    }
    await expect(strict.check('https://93.184.216.34/x')).resolves.toMatchObject({
      address: '93.184.216.34',
      family: 4,
    });
    const allowed = new WebhookTargetGuard(['127.0.0.1']);
    await expect(allowed.check('http://127.0.0.1:9/x')).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(allowed.check('http://127.0.0.2:9/x')).rejects.toThrow(/private, loopback/);
  });

  it('answers BAD_USER_INPUT through the API and queues nothing', async () => {
    const node = server.node;
    const previous = node.webhookTargets;
    node.webhookTargets = new WebhookTargetGuard();
    try {
      const refused = await server.gql(
        create,
        { i: { projectId, url: 'http://169.254.169.254/hook', eventTypes: ['*'] } },
        token('owner'),
      );
      expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors?.[0]?.message).toMatch(/private, loopback or reserved/);
    } finally {
      node.webhookTargets = previous;
    }
    const listed = await ok('query ($p: ID!) { project(id: $p) { webhooks { url } } }', {
      p: projectId,
    });
    expect(JSON.stringify(listed)).not.toContain('169.254.169.254');
  });
});
