// Goal: on real node processes, kill -9 of the leader in the middle of webhook deliveries loses
// none and changes no delivery id: the new leader resumes from the replicated record, the
// receiver sees every event at least once and every repeat under the id it saw first, and every
// node ends with the same delivery log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BoardSession, catchUp, createTask, openBoard } from '../src/client/board.ts';
import { graphql } from '../src/client/graphql.ts';
import { verifyWebhookSignature } from '../src/outbox/webhook-sender.ts';
import { TestCluster } from './support/cluster-fixture.ts';
import { WebhookReceiver } from './support/webhook-receiver.ts';

let cluster: TestCluster;
let receiver: WebhookReceiver;
let session: BoardSession;

const eventsMax = 5;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  cluster = await TestCluster.start({
    prefix: 'webhooks',
    env: {
      RAFTBOARD_WEBHOOK_ALLOWED_TARGETS: '127.0.0.1',
      RAFTBOARD_WEBHOOK_RETRY_BASE_MS: '200',
      RAFTBOARD_WEBHOOK_TIMEOUT_MS: '30000',
      // Every line a node logs, so the test can see that no secret is among them.
      RAFTBOARD_LOG: 'info',
    },
  });
  session = await openBoard(cluster.url(await cluster.leader()));
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await receiver?.stop();
});

interface DeliveryLog {
  node: {
    deliveries: {
      totalCount: number;
      edges: { node: { deliveryId: string; logIndex: number; state: string } }[];
    };
  };
}

async function deliveryLog(url: string, hookId: string, minIndex: number) {
  await catchUp(url, session, minIndex);
  const data = await graphql<DeliveryLog>(
    url,
    `query ($w: ID!) { node(id: $w) { ... on Webhook { deliveries(first: 50) { totalCount
      edges { node { deliveryId logIndex state } } } } } }`,
    { w: hookId },
    { token: session.token },
  );
  return data.node.deliveries.edges
    .map((edge) => edge.node)
    .sort((a, b) => a.logIndex - b.logIndex);
}

it('says once, at start, that no email is sent without an SMTP relay', () => {
  for (const node of cluster.nodes) {
    const log = readFileSync(join(cluster.logDirectory, `${node.spec.id}.log`), 'utf8');
    expect(log.match(/"event":"email\.off"/g)).toHaveLength(1);
  }
});

it('redelivers under the same ids after kill -9 of the leader mid-delivery', async () => {
  const leader = await cluster.leader();
  const url = cluster.url(leader);
  const { createWebhook } = await graphql<{
    createWebhook: { secret: string; index: number; webhook: { id: string } };
  }>(
    url,
    `mutation ($i: CreateWebhookInput!) { createWebhook(input: $i) { secret index
      webhook { id } } }`,
    {
      i: { projectId: session.projectId, url: receiver.url('/hook'), eventTypes: ['task.created'] },
    },
    { token: session.token },
  );
  // The leader's first attempts hang: they are in flight when it dies, and never recorded. It
  // has two at a time in flight for one webhook; the other three wait their turn.
  receiver.answer('/hook', 'hang');
  let lastIndex = createWebhook.index;
  for (let n = 0; n < eventsMax; n++) {
    lastIndex = (await createTask(url, session, `hooked ${n}`)).index;
  }
  const firstTries = await receiver.waitFor('/hook', 2);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(receiver.at('/hook')).toHaveLength(2);
  receiver.answer('/hook', 200);
  await cluster.cluster.node(leader).kill('SIGKILL');

  const next = await cluster.leader();
  expect(next).not.toBe(leader);
  const delivered = async () =>
    (await deliveryLog(cluster.url(next), createWebhook.webhook.id, lastIndex)).filter(
      (delivery) => delivery.state === 'DELIVERED',
    ).length;
  const deadline = Date.now() + 30_000;
  while ((await delivered()) < eventsMax && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await delivered()).toBe(eventsMax);

  // Every event reached the receiver at least once, each under one delivery id throughout.
  const requests = receiver.at('/hook');
  expect(requests.length).toBeGreaterThan(firstTries.length);
  const idsByEvent = new Map<number, Set<string>>();
  for (const request of requests) {
    const signature = String(request.headers['x-raftboard-signature']);
    expect(
      verifyWebhookSignature(createWebhook.secret, signature, request.body, Date.now() / 1_000),
    ).toBe(true);
    const body = JSON.parse(request.body) as { deliveryId: string; event: { index: number } };
    expect(request.headers['x-raftboard-delivery']).toBe(body.deliveryId);
    const ids = idsByEvent.get(body.event.index) ?? new Set<string>();
    ids.add(body.deliveryId);
    idsByEvent.set(body.event.index, ids);
  }
  expect(idsByEvent.size).toBe(eventsMax);
  for (const ids of idsByEvent.values()) expect(ids.size).toBe(1);
  const allIds = [...idsByEvent.values()].flatMap((ids) => [...ids]);
  expect(new Set(allIds).size).toBe(eventsMax);

  // No node wrote the signing secret into its log.
  for (const node of cluster.nodes) {
    const log = readFileSync(join(cluster.logDirectory, `${node.spec.id}.log`), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(createWebhook.secret);
  }

  // The killed node comes back and every node holds the same delivery log.
  cluster.cluster.node(leader).start();
  const converged = await cluster.waitConverged(lastIndex);
  const logs = await Promise.all(
    cluster.nodes.map((node) => deliveryLog(node.url, createWebhook.webhook.id, converged)),
  );
  for (const log of logs) {
    expect(log).toEqual(logs[0]);
    expect(log.map((delivery) => delivery.state)).toEqual(Array(eventsMax).fill('DELIVERED'));
    expect(log.map((delivery) => delivery.deliveryId).sort()).toEqual([...allIds].sort());
  }
}, 120_000);
