import { z } from 'zod';
import { calendarDate, commandSchema, entityId, instantMs } from './fields.ts';

/** Bound on notifications one command marks read by id. */
export const markReadNotificationsMax = 500;
/** Bound on the tasks one reminder command reminds about; the leader proposes again. */
export const remindersPerCommandMax = 100;

const nodeId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
const url = z.url({ protocol: /^https?$/ }).max(512);

/**
 * Notifications (the user's own) and the commands the leader proposes as `system`: outbox
 * deliveries, due-date reminders, cluster addresses and the recorded leader.
 */
export const systemCommandSchemas = [
  commandSchema(
    'notification.markRead',
    z.union([
      z.strictObject({
        notificationIds: z.array(entityId).min(1).max(markReadNotificationsMax),
      }),
      z.strictObject({ all: z.literal(true) }),
    ]),
  ),
  commandSchema(
    'outbox.enqueue',
    z.strictObject({
      outboxId: entityId,
      kind: z.literal('email'),
      recipient: z.email().max(254),
      idempotencyKey: z.string().min(1).max(96),
      payload: z.record(z.string(), z.json()),
    }),
  ),
  commandSchema(
    'outbox.recordDelivery',
    z.strictObject({
      outboxId: entityId,
      attempt: z.number().int().min(1).max(1000),
      ok: z.boolean(),
      statusCode: z.number().int().min(100).max(599).nullable(),
      error: z.string().max(1024).nullable(),
      nextAttemptAt: instantMs.nullable(),
    }),
  ),
  commandSchema(
    'reminder.sendDue',
    z.strictObject({
      dueOnOrBefore: calendarDate,
      limit: z.number().int().min(1).max(remindersPerCommandMax).default(remindersPerCommandMax),
    }),
  ),
  commandSchema('cluster.memberUpdate', z.strictObject({ nodeId, peerUrl: url, httpUrl: url })),
  commandSchema('cluster.leaderChanged', z.strictObject({ nodeId, term: z.number().int().min(1) })),
] as const;
