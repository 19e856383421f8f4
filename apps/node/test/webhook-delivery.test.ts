// Goal: the leader's deliverer POSTs each queued event signed and with a stable delivery id,
// retries on the bounded exponential schedule (stepped with an injected clock, not sleeps),
// records every attempt through the log, disables a hook that keeps failing and tells its
// admins, redelivers on request, refuses targets the guard refuses, and keeps a dead receiver
// from holding up a healthy one.
import { systemActor } from '@raftboard/db/commands';
import { WebhookTargetGuard } from '@raftboard/schema/integrations/webhook-target';
import {
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '@raftboard/schema/testing/client';
import { uuidv7 } from '@raftboard/uuidv7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { OutboxDeliverer, type RetrySchedule, retryDelayMs } from '../src/outbox/deliverer.ts';
import { verifyWebhookSignature } from '../src/outbox/webhook-sender.ts';
import { WebhookReceiver } from './support/webhook-receiver.ts';

const retry: RetrySchedule = { baseMs: 1_000, maxMs: 30_000 };
let server: TestServer;
let receiver: WebhookReceiver;
let owner: Awaited<ReturnType<typeof signUp>>;
let admin: Awaited<ReturnType<typeof signUp>>;
let member: Awaited<ReturnType<typeof signUp>>;
let projectId: string;
/** The injected clock every deliverer here reads; it only moves forward. */
let clock = Date.now();
const deliverers: OutboxDeliverer[] = [];

async function ok(query: string, variables: Record<string, unknown> = {}, token = owner.token) {
  const response = await server.gql(query, variables, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as LooseData;
}

function deliverer(options: { guard?: WebhookTargetGuard; timeoutMs?: number } = {}) {
  const made = new OutboxDeliverer({
    db: server.node.db,
    isLeader: () => true,
    record: async (payload) => {
      const answer = await server.node.propose({
        type: 'outbox.recordDelivery',
        payload,
        actor: systemActor,
        requestId: uuidv7(clock),
        at: clock,
      });
      if (!answer.outcome.ok) throw new Error(answer.outcome.message);
    },
    guard: options.guard ?? new WebhookTargetGuard(['127.0.0.1']),
    email: null,
    retry,
    timeoutMs: options.timeoutMs ?? 5_000,
    concurrency: 4,
    perWebhook: 1,
    pollMs: 60_000,
    logger: createLogger({ nodeId: 'test', quiet: true }),
    now: () => clock,
    random: () => 0.5,
  });
  deliverers.push(made);
  return made;
}

/** One scan at the current clock, waited out to the last recorded attempt. */
async function step(target: OutboxDeliverer) {
  await target.scan();
  await target.whenIdle();
}

async function createHook(path: string, eventTypes = ['task.created']) {
  const data = await ok(
    `mutation ($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id } } }`,
    { i: { projectId, url: receiver.url(path), eventTypes } },
  );
  return {
    id: data.createWebhook.webhook.id as string,
    secret: data.createWebhook.secret as string,
  };
}

async function createTask(title: string): Promise<number> {
  const data = await ok(
    'mutation ($p: ID!, $t: String!) { createTask(input: { projectId: $p, title: $t }) { index } }',
    { p: projectId, t: title },
  );
  return data.createTask.index;
}

async function deliveries(hookId: string) {
  const data = await ok(
    `query ($w: ID!) { node(id: $w) { ... on Webhook { enabled disabledReason failureStreak
      deliveries(first: 20) { totalCount edges { node { id deliveryId eventKind logIndex state
      nextAttemptAt attempts { attempt ok statusCode error } } } } } } }`,
    { w: hookId },
  );
  return data.node;
}

beforeAll(async () => {
  server = await startTestServer('node_webhooks');
  receiver = await WebhookReceiver.start();
  owner = await signUp(server, 'Owner');
  admin = await signUp(server, 'Admin');
  member = await signUp(server, 'Member');
  projectId = (await ok('mutation { createProject(input: { name: "Hooks" }) { project { id } } }'))
    .createProject.project.id;
  for (const [person, role] of [
    [admin, 'ADMIN'],
    [member, 'MEMBER'],
  ] as const) {
    await ok(
      `mutation ($p: ID!, $u: ID!, $r: ProjectRole!) { addProjectMember(input: { projectId: $p,
        userId: $u, role: $r }) { success } }`,
      { p: projectId, u: person.user.id, r: role },
    );
  }
});
afterEach(async () => {
  for (const made of deliverers.splice(0)) {
    made.stop();
    await made.whenIdle();
  }
});
afterAll(async () => {
  await receiver.stop();
  await server.close();
});

describe('the retry schedule', () => {
  it('doubles from the base up to the cap, with jitter in the upper half of each step', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, 0, retry))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 15_000,
    ]);
    expect([1, 2, 6].map((n) => retryDelayMs(n, 1, retry))).toEqual([1_000, 2_000, 30_000]);
    expect(retryDelayMs(40, 0.5, retry)).toBe(22_500);
  });
});

describe('the deliverer', () => {
  it('signs each delivery, retries on schedule and records every attempt', async () => {
    const hook = await createHook('/retry');
    const index = await createTask('signed');
    const target = deliverer();
    receiver.answer('/retry', 500);
    // Messages come due at their event's replicated time, which is the wall clock here.
    clock = Math.max(clock, Date.now());
    const start = clock;
    await step(target);
    expect(receiver.at('/retry')).toHaveLength(1);
    // Equal jitter at random 0.5: 0.75 of base·2^(n−1).
    const waits = [750, 1_500];
    clock = start + waits[0]! - 1;
    await step(target);
    expect(receiver.at('/retry')).toHaveLength(1);
    clock = start + waits[0]!;
    await step(target);
    expect(receiver.at('/retry')).toHaveLength(2);
    receiver.answer('/retry', 204);
    clock += waits[1]! - 1;
    await step(target);
    expect(receiver.at('/retry')).toHaveLength(2);
    clock += 1;
    await step(target);
    const requests = receiver.at('/retry');
    expect(requests).toHaveLength(3);
    const ids = new Set(requests.map((request) => request.headers['x-raftboard-delivery']));
    expect(ids.size).toBe(1);
    for (const request of requests) {
      expect(request.headers['x-raftboard-event']).toBe('task.created');
      const signature = String(request.headers['x-raftboard-signature']);
      expect(verifyWebhookSignature(hook.secret, signature, request.body, clock / 1_000)).toBe(
        true,
      );
      expect(
        verifyWebhookSignature('another secret!!', signature, request.body, clock / 1_000),
      ).toBe(false);
      // Outside the replay window the same request is refused.
      expect(
        verifyWebhookSignature(hook.secret, signature, request.body, clock / 1_000 + 600),
      ).toBe(false);
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({
        deliveryId: [...ids][0],
        webhookId: hook.id,
        event: { kind: 'task.created', index, payload: { title: 'signed' } },
      });
    }
    const log = await deliveries(hook.id);
    expect(log.failureStreak).toBe(0);
    expect(log.deliveries.edges.map((edge: LooseData) => edge.node)).toEqual([
      {
        id: expect.any(String),
        deliveryId: [...ids][0],
        eventKind: 'task.created',
        logIndex: index,
        state: 'DELIVERED',
        nextAttemptAt: null,
        attempts: [
          { attempt: 1, ok: false, statusCode: 500, error: 'HTTP 500' },
          { attempt: 2, ok: false, statusCode: 500, error: 'HTTP 500' },
          { attempt: 3, ok: true, statusCode: 204, error: null },
        ],
      },
    ]);
  });

  it('disables a hook that keeps failing, tells its admins, and redelivers on request', async () => {
    const hook = await createHook('/dead');
    receiver.answer('/dead', 503);
    await createTask('first doomed');
    await createTask('second doomed');
    const target = deliverer();
    for (let round = 0; round < 40; round++) {
      await step(target);
      clock += retry.maxMs;
      if (!(await deliveries(hook.id)).enabled) break;
    }
    const log = await deliveries(hook.id);
    expect(log.enabled).toBe(false);
    expect(log.failureStreak).toBe(16);
    expect(log.disabledReason).toBe('16 failed attempts in a row (last: HTTP 503)');
    expect(receiver.at('/dead')).toHaveLength(16);
    expect(log.deliveries.edges.map((edge: LooseData) => edge.node.state)).toEqual([
      'FAILED',
      'FAILED',
    ]);
    const notes = `{ notifications(first: 10) { edges { node { kind } } } }`;
    for (const person of [owner, admin]) {
      const kinds = (await ok(notes, {}, person.token)).notifications.edges.map(
        (edge: LooseData) => edge.node.kind,
      );
      expect(kinds).toContain('webhook.disabled');
    }
    const memberKinds = (await ok(notes, {}, member.token)).notifications.edges.map(
      (edge: LooseData) => edge.node.kind,
    );
    expect(memberKinds).not.toContain('webhook.disabled');

    // Disabled: new events are not queued for it.
    await createTask('while disabled');
    expect((await deliveries(hook.id)).deliveries.totalCount).toBe(2);

    // The admin fixes the receiver, enables the hook and redelivers the older event.
    receiver.answer('/dead', 200);
    await ok('mutation ($w: ID!) { updateWebhook(input: { id: $w, enabled: true }) { success } }', {
      w: hook.id,
    });
    const oldest = log.deliveries.edges.at(-1).node;
    const redelivered = await ok(
      'mutation ($d: ID!) { redeliverWebhook(deliveryId: $d) { delivery { state } } }',
      { d: oldest.id },
      admin.token,
    );
    expect(redelivered.redeliverWebhook.delivery.state).toBe('PENDING');
    await step(target);
    const last = receiver.at('/dead').at(-1);
    expect(last?.headers['x-raftboard-delivery']).toBe(oldest.deliveryId);
    const after = await deliveries(hook.id);
    expect(after.failureStreak).toBe(0);
    const redone = after.deliveries.edges.find((edge: LooseData) => edge.node.id === oldest.id);
    expect(redone.node.state).toBe('DELIVERED');
    expect(redone.node.attempts.at(-1)).toEqual({
      attempt: 9,
      ok: true,
      statusCode: 200,
      error: null,
    });
  });

  it('records a refused target as a failed attempt and never connects to it', async () => {
    const hook = await createHook('/guarded');
    await createTask('guarded');
    await step(deliverer({ guard: new WebhookTargetGuard() }));
    expect(receiver.at('/guarded')).toHaveLength(0);
    const [attempt] = (await deliveries(hook.id)).deliveries.edges[0].node.attempts;
    expect(attempt).toMatchObject({ attempt: 1, ok: false, statusCode: null });
    expect(attempt.error).toMatch(/^refused: 127\.0\.0\.1 is a private, loopback/);
  });

  it('delivers to a healthy receiver while a dead one holds its attempt open', async () => {
    const slow = await createHook('/slow');
    const fast = await createHook('/fast');
    receiver.answer('/slow', 'hang');
    receiver.answer('/fast', 200);
    await createTask('both');
    const target = deliverer({ timeoutMs: 60_000 });
    await target.scan();
    await receiver.waitFor('/slow', 1);
    await receiver.waitFor('/fast', 1);
    for (let waited = 0; waited < 5_000; waited += 20) {
      const state = (await deliveries(fast.id)).deliveries.edges[0]?.node.state;
      if (state === 'DELIVERED') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await deliveries(fast.id)).deliveries.edges[0].node.state).toBe('DELIVERED');
    expect(target.busy).toBeGreaterThanOrEqual(1);
    expect((await deliveries(slow.id)).deliveries.edges[0].node.state).toBe('PENDING');
    target.stop();
    await receiver.stop();
    receiver = await WebhookReceiver.start();
  });
});
