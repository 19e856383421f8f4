import { webhookEventTypesMax } from '@raftboard/db/commands';
import {
  attemptsOf,
  countDeliveries,
  deliveriesOfWebhook,
  outboxById,
  webhookById,
  webhooksByIds,
  webhooksOfProject,
} from '@raftboard/db/queries/webhooks';
import {
  type DeliveryAttemptRow,
  type OutboxRow,
  roleAtLeast,
  type WebhookRow,
} from '@raftboard/db/schema';
import { newToken } from '../auth/tokens.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput, notFound, unauthenticated } from '../errors.ts';
import { decodeGlobalId, encodeGlobalId } from '../global-id.ts';
import { WebhookTargetRefused } from '../integrations/webhook-target.ts';
import { itemEdge, offsetConnection, totalCountConnection } from '../read/connection.ts';
import {
  indexDescription,
  payloadType,
  requestIdDescription,
  successDescription,
} from '../write/payload.ts';
import { once, propose } from '../write/propose.ts';
import { Project } from './project.ts';

/** Prefix of the signing secrets the server makes: `whsec_<random>`. */
const webhookSecretPrefix = 'whsec_';

/** The hooks among `ids` whose project the viewer administers, in `ids` order (null for the rest). */
async function loadWebhooks(context: GraphQLContext, ids: readonly string[]) {
  const found = new Map((await webhooksByIds(context.db, ids)).map((hook) => [hook.id, hook]));
  return Promise.all(
    ids.map(async (id) => {
      const hook = found.get(id);
      if (!hook) return null;
      const role = await context.access.roleIn(hook.projectId);
      return role !== null && roleAtLeast(role, 'admin') ? hook : null;
    }),
  );
}

/**
 * The webhook, if the viewer administers its project: NOT_FOUND for outsiders and unknown ids,
 * FORBIDDEN below admin (as every admin-only write).
 */
async function requireWebhook(context: GraphQLContext, id: string): Promise<WebhookRow> {
  if (context.viewer === null) throw unauthenticated();
  const hook = await webhookById(context.db, id);
  if (!hook) throw notFound('webhook not found');
  await context.access.require(hook.projectId, 'admin', 'webhook');
  return hook;
}

/** BAD_USER_INPUT unless the guard lets deliveries reach `url` now. */
async function requireReachable(context: GraphQLContext, url: string): Promise<void> {
  try {
    await context.webhookTargets.check(url);
  } catch (error) {
    if (error instanceof WebhookTargetRefused) throw invalidInput(`url: ${error.message}`);
    throw error;
  }
}

const DeliveryState = builder.enumType('WebhookDeliveryState', {
  description: 'Where a delivery stands.',
  values: {
    PENDING: { value: 'pending', description: 'Waiting for its next attempt.' },
    DELIVERED: { value: 'delivered', description: 'The receiver answered 2xx.' },
    FAILED: {
      value: 'failed',
      description: 'Given up on after its attempts; `redeliverWebhook` tries again.',
    },
  } as const,
});

const DeliveryAttempt = builder.objectRef<DeliveryAttemptRow>('WebhookDeliveryAttempt').implement({
  description: 'One try at a delivery, as the leader that made it recorded it.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: '1 for the first try, and so on.' }),
    at: t.expose('at', { type: 'DateTime', description: 'When its outcome was recorded.' }),
    ok: t.exposeBoolean('ok', { description: 'True when the receiver answered 2xx.' }),
    statusCode: t.exposeInt('statusCode', {
      nullable: true,
      description: 'The HTTP status the receiver answered; null when it did not answer.',
    }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why it failed (timeout, refused address, connection error); null on success.',
    }),
  }),
});

/** The event an outbox message carries (written by apply, effects.ts). */
function eventOf(message: OutboxRow): { kind?: unknown; logIndex?: unknown } {
  const event = message.payload.event;
  return typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
}

const Delivery = builder.objectRef<OutboxRow>('WebhookDelivery').implement({
  description: 'One event queued for one webhook, and every attempt at sending it.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id; pass it to `redeliverWebhook`.',
      resolve: (message) => encodeGlobalId('WebhookDelivery', message.id),
    }),
    deliveryId: t.exposeString('idempotencyKey', {
      description: [
        'The `X-Raftboard-Delivery` header: the same on every attempt and every redelivery of',
        'this event to this webhook, so a receiver can drop repeats.',
      ].join(' '),
    }),
    eventKind: t.string({
      description: 'The event’s kind, e.g. `task.updated`.',
      resolve: (message) => String(eventOf(message).kind ?? ''),
    }),
    logIndex: t.int({
      description: 'The Raft log index of the event.',
      resolve: (message) => Number(eventOf(message).logIndex ?? 0),
    }),
    state: t.field({
      type: DeliveryState,
      description: 'Pending, delivered, or given up on.',
      resolve: (message) => message.state,
    }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it is tried next; null unless pending.',
      resolve: (message) => (message.state === 'pending' ? message.nextAttemptAt : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was queued.' }),
    attempts: t.field({
      type: [DeliveryAttempt],
      description: 'Every attempt so far, oldest first.',
      resolve: (message, _args, context) => attemptsOf(context.db, [message.id]),
    }),
  }),
});

/** A project's webhook as its admins see it: never its secret. */
export const Webhook = builder.objectRef<WebhookRow>('Webhook');

builder.node(Webhook, {
  description: [
    'Where a project’s events are POSTed, signed with a secret only its creator saw. Admins',
    'and owners only.',
  ].join(' '),
  id: { resolve: (hook) => hook.id },
  loadMany: (ids, context) => loadWebhooks(context, ids),
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where deliveries are POSTed.' }),
    eventTypes: t.exposeStringList('eventTypes', {
      description: 'The event kinds it receives (`task.created`, …), or `*` for all.',
    }),
    enabled: t.exposeBoolean('enabled', {
      description: 'False once an admin or repeated failure disabled it: nothing new is queued.',
    }),
    disabledReason: t.exposeString('disabledReason', {
      nullable: true,
      description: 'Why repeated failure disabled it; null otherwise.',
    }),
    failureStreak: t.exposeInt('failureStreak', {
      description: 'Failed attempts since the last success.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    deliveries: t.connection(
      {
        type: Delivery,
        description: 'Its delivery log, newest first, paged.',
        resolve: (hook, args, context) =>
          offsetConnection(
            args,
            () => countDeliveries(context.db, hook.id),
            (page) => deliveriesOfWebhook(context.db, hook.id, page),
          ),
      },
      totalCountConnection('a webhook’s deliveries'),
      itemEdge('One delivery'),
    ),
  }),
});

builder.objectField(Project, 'webhooks', (t) =>
  t.field({
    type: [Webhook],
    description: 'The project’s webhooks, oldest first. Admins and owners (FORBIDDEN below).',
    resolve: async (project, _args, context) => {
      await context.access.require(project.id, 'admin', 'project');
      return webhooksOfProject(context.db, project.id);
    },
  }),
);

const WebhookPayload = payloadType(
  'WebhookPayload',
  'webhook',
  Webhook,
  'The webhook after the change.',
  'The webhook as this node has it right after the change; null after `deleteWebhook`.',
);

const SecretPayload = builder
  .objectRef<{ index: number; webhook: WebhookRow | null; secret: string }>('WebhookSecretPayload')
  .implement({
    description: 'A webhook and its signing secret, shown in this answer only.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      webhook: t.field({
        type: Webhook,
        nullable: true,
        description: 'The webhook as this node has it right after the change.',
        resolve: (payload) => payload.webhook,
      }),
      secret: t.exposeString('secret', {
        description: [
          'The signing secret: the receiver checks `X-Raftboard-Signature` with it. No query',
          'reads it again; `rotateWebhookSecret` makes a new one.',
        ].join(' '),
      }),
    }),
  });

const eventTypesDescription = [
  `Event kinds to receive (\`task.created\`, \`comment.added\`, …), or \`*\` for all; 1 to`,
  `${webhookEventTypesMax}.`,
].join(' ');
const secretDescription = [
  'Signing secret, 16 to 255 characters. Default: a new random one (`whsec_…`), in the answer.',
].join(' ');
const urlDescription = [
  'An http(s) URL; its host must resolve to public addresses (private, loopback and',
  'link-local ones are refused unless the operator allows them).',
].join(' ');

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  description: 'A new webhook.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: 'The project.' }),
    url: t.string({ required: true, description: urlDescription }),
    eventTypes: t.stringList({ required: true, description: eventTypesDescription }),
    secret: t.string({ required: false, description: secretDescription }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  description: 'Changes to a webhook: give any of url, eventTypes, enabled.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: Webhook, description: 'The webhook.' }),
    url: t.string({ required: false, description: urlDescription }),
    eventTypes: t.stringList({ required: false, description: eventTypesDescription }),
    enabled: t.boolean({
      required: false,
      description:
        'False pauses it (nothing new is queued); true resumes it and clears its streak.',
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

builder.mutationField('createWebhook', (t) =>
  t.field({
    type: SecretPayload,
    description: [
      'Creates a webhook: every event of the project whose kind it names is POSTed to its URL,',
      'signed. Admins and owners. A retry with a requestId that already created one fails with',
      'BAD_USER_INPUT (its secret was shown then).',
    ].join(' '),
    args: { input: t.arg({ type: CreateWebhookInput, required: true, description: 'The hook.' }) },
    resolve: async (_root, { input }, context) => {
      const projectId = input.projectId.id;
      await context.access.require(projectId, 'admin');
      await requireReachable(context, input.url);
      const webhookId = context.newId();
      const secret = input.secret ?? newToken(webhookSecretPrefix);
      const committed = await propose(context, {
        type: 'webhook.create',
        payload: { webhookId, projectId, url: input.url, secret, eventTypes: input.eventTypes },
        requestId: input.requestId,
      });
      if (committed.result.webhookId !== webhookId) {
        throw invalidInput('this requestId already created the webhook; its secret was shown then');
      }
      return {
        index: committed.index,
        webhook: (await webhookById(context.db, webhookId)) ?? null,
        secret,
      };
    },
  }),
);

builder.mutationField('updateWebhook', (t) =>
  t.field({
    type: WebhookPayload,
    description:
      'Changes a webhook’s URL or event kinds, or pauses and resumes it. Admins and owners.',
    args: {
      input: t.arg({ type: UpdateWebhookInput, required: true, description: 'The changes.' }),
    },
    resolve: async (_root, { input }, context) => {
      const hook = await requireWebhook(context, input.id.id);
      if (input.url != null) await requireReachable(context, input.url);
      const changes = {
        ...(input.url == null ? {} : { url: input.url }),
        ...(input.eventTypes == null ? {} : { eventTypes: input.eventTypes }),
        ...(input.enabled == null ? {} : { enabled: input.enabled }),
      };
      if (Object.keys(changes).length === 0) throw invalidInput('nothing to update');
      const committed = await propose(context, {
        type: 'webhook.update',
        payload: { webhookId: hook.id, ...changes },
        requestId: input.requestId,
      });
      return { index: committed.index, entity: (await webhookById(context.db, hook.id)) ?? null };
    },
  }),
);

builder.mutationField('rotateWebhookSecret', (t) =>
  t.field({
    type: SecretPayload,
    description: [
      'Replaces a webhook’s signing secret; deliveries from now on (retries included) are signed',
      'with the new one. Admins and owners. The new secret is in the answer only.',
    ].join(' '),
    args: {
      id: t.arg.globalID({ required: true, for: Webhook, description: 'The webhook.' }),
      secret: t.arg.string({ required: false, description: secretDescription }),
      requestId: t.arg.string({
        required: false,
        description: 'Idempotency key; a retry that already rotated fails with BAD_USER_INPUT.',
      }),
    },
    resolve: async (_root, args, context) => {
      const hook = await requireWebhook(context, args.id.id);
      const secret = args.secret ?? newToken(webhookSecretPrefix);
      const committed = await propose(context, {
        type: 'webhook.update',
        payload: { webhookId: hook.id, secret },
        requestId: args.requestId,
      });
      const current = await webhookById(context.db, hook.id);
      if (current?.secret !== secret) {
        throw invalidInput('this requestId already rotated the secret; it was shown then');
      }
      return { index: committed.index, webhook: current, secret };
    },
  }),
);

builder.mutationField('deleteWebhook', (t) =>
  t.field({
    type: WebhookPayload,
    description: 'Deletes a webhook; what it had pending is not sent. Admins and owners.',
    args: {
      id: t.arg.globalID({ required: true, for: Webhook, description: 'The webhook.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const committed = await once(context, args.requestId, async () => {
        const hook = await requireWebhook(context, args.id.id);
        return propose(context, {
          type: 'webhook.delete',
          payload: { webhookId: hook.id },
          requestId: args.requestId,
        });
      });
      return { index: committed.index, entity: null };
    },
  }),
);

const RedeliverPayload = builder
  .objectRef<{ index: number; delivery: OutboxRow | null }>('RedeliverWebhookPayload')
  .implement({
    description: 'The delivery, queued again.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      delivery: t.field({
        type: Delivery,
        nullable: true,
        description: 'The delivery as this node has it right after the change.',
        resolve: (payload) => payload.delivery,
      }),
    }),
  });

builder.mutationField('redeliverWebhook', (t) =>
  t.field({
    type: RedeliverPayload,
    description: [
      'Queues a delivered or failed delivery again, with the same delivery id and a fresh round',
      'of attempts. Admins and owners; CONFLICT while it is still pending.',
    ].join(' '),
    args: {
      deliveryId: t.arg.id({ required: true, description: 'The `WebhookDelivery.id`.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const { typename, id } = decodeGlobalId(String(args.deliveryId));
      const message = typename === 'WebhookDelivery' ? await outboxById(context.db, id) : undefined;
      if (!message?.webhookId) throw notFound('delivery not found');
      await requireWebhook(context, message.webhookId);
      const committed = await propose(context, {
        type: 'webhook.redeliver',
        payload: { outboxId: message.id },
        requestId: args.requestId,
      });
      return { index: committed.index, delivery: (await outboxById(context.db, id)) ?? null };
    },
  }),
);
