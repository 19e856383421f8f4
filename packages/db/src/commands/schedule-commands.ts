import { z } from 'zod';
import { commandSchema, entityId, instantMs } from './fields.ts';

/** Longest recurrence rule accepted (the RRULE part of RFC 5545, without `RRULE:`). */
export const recurrenceRuleLengthMax = 512;

/**
 * Recurring tasks and the leader's tick that makes their occurrences and sends reminders;
 * following tasks, and how each kind of notification reaches a person.
 */
export const scheduleCommandSchemas = [
  commandSchema(
    'recurrence.set',
    z.strictObject({
      recurrenceId: entityId,
      taskId: entityId,
      rule: z
        .string()
        .min(1)
        .max(recurrenceRuleLengthMax)
        .regex(/^FREQ=[A-Z]+(;[A-Z]+=[^;\s]+)*$/, 'a rule is FREQ=…;KEY=VALUE…, as in RFC 5545'),
      startsAt: instantMs,
    }),
  ),
  commandSchema('recurrence.clear', z.strictObject({ taskId: entityId })),
  commandSchema('schedule.tick', z.strictObject({ now: instantMs })),
  commandSchema('task.follow', z.strictObject({ taskId: entityId })),
  commandSchema('task.unfollow', z.strictObject({ taskId: entityId })),
  commandSchema(
    'notification.setPreference',
    z.strictObject({
      kind: z
        .string()
        .regex(/^[a-zA-Z]+\.[a-zA-Z]+$/)
        .max(64),
      email: z.boolean(),
    }),
  ),
] as const;
