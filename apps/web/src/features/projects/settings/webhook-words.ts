/**
 * Webhooks as the settings screen words them. Pure: the server decides what a hook receives and
 * where a delivery stands; these only say it.
 */

/** The event type that means "every event of the project". */
const allEventsType = '*';

/**
 * The event kinds offered as checkboxes: the common ones of packages/db's apply handlers. The
 * API takes any `area.action` kind; these are the ones people ask for.
 */
export const webhookEventKinds: readonly string[] = [
  'task.created',
  'task.updated',
  'task.moved',
  'task.deleted',
  'comment.added',
  'attachment.added',
  'member.added',
];

/** What a hook receives, in words: "All events", or its kinds in the order it lists them. */
export function eventTypesInWords(eventTypes: readonly string[]): string {
  if (eventTypes.includes(allEventsType)) return 'All events';
  return eventTypes.length === 0 ? 'No events' : eventTypes.join(', ');
}

/**
 * The `eventTypes` to send for a choice in the form: `['*']` for all events, otherwise the
 * chosen kinds in the order the form lists them (never empty when the form allows sending).
 */
export function eventTypesOfChoice(choice: { all: boolean; kinds: readonly string[] }): string[] {
  if (choice.all) return [allEventsType];
  return webhookEventKinds.filter((kind) => choice.kinds.includes(kind));
}

/**
 * Where a hook stands. Enabled: events are queued for it. Paused: an admin turned it off.
 * Disabled: repeated failure turned it off (the server says why in `disabledReason`).
 */
export type WebhookState = 'enabled' | 'paused' | 'disabled';

/** Where `hook` stands: paused and disabled differ in who stopped it, an admin or failures. */
export function webhookState(hook: {
  enabled: boolean;
  disabledReason: string | null;
}): WebhookState {
  if (hook.enabled) return 'enabled';
  return hook.disabledReason === null ? 'paused' : 'disabled';
}

/** A delivery attempt as the log reads it. */
export interface AttemptFacts {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * The outcome of the newest attempt (attempts come oldest first): "HTTP 200", or why there was
 * no answer ("timeout after 10000 ms"), or null before the first attempt.
 */
export function lastAttemptInWords(attempts: readonly AttemptFacts[]): string | null {
  const last = attempts.at(-1);
  if (!last) return null;
  if (last.statusCode !== null) return `HTTP ${last.statusCode}`;
  return last.error ?? (last.ok ? 'Delivered' : 'No answer');
}

/** Only a delivery that is no longer being tried can be queued again (CONFLICT otherwise). */
export function canRedeliver(state: 'PENDING' | 'DELIVERED' | 'FAILED'): boolean {
  return state !== 'PENDING';
}
