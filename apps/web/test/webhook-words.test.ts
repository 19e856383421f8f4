// Goal: the webhooks section says truthfully what a hook receives, whether it runs (and who
// stopped it), what its receiver last answered, and offers Redeliver only where the API allows.
import { describe, expect, it } from 'vitest';
import {
  canRedeliver,
  eventTypesInWords,
  eventTypesOfChoice,
  lastAttemptInWords,
  webhookState,
} from '../src/features/projects/settings/webhook-words.ts';

describe('eventTypesInWords', () => {
  it('reads `*` as all events, whatever else is listed', () => {
    expect(eventTypesInWords(['*'])).toBe('All events');
    expect(eventTypesInWords(['task.created', '*'])).toBe('All events');
  });

  it('lists the kinds in the order the hook has them', () => {
    expect(eventTypesInWords(['comment.added', 'task.created'])).toBe(
      'comment.added, task.created',
    );
  });
});

describe('eventTypesOfChoice', () => {
  it('sends `*` for all events, ignoring ticked kinds', () => {
    expect(eventTypesOfChoice({ all: true, kinds: ['task.created'] })).toEqual(['*']);
  });

  it('sends the ticked kinds in the form’s order, and nothing when none is ticked', () => {
    expect(eventTypesOfChoice({ all: false, kinds: ['member.added', 'task.created'] })).toEqual([
      'task.created',
      'member.added',
    ]);
    expect(eventTypesOfChoice({ all: false, kinds: [] })).toEqual([]);
  });
});

describe('webhookState', () => {
  it('tells a hook an admin paused from one repeated failure disabled', () => {
    expect(webhookState({ enabled: true, disabledReason: null })).toBe('enabled');
    expect(webhookState({ enabled: false, disabledReason: null })).toBe('paused');
    const disabledReason = '16 failed attempts in a row (last: HTTP 500)';
    expect(webhookState({ enabled: false, disabledReason })).toBe('disabled');
  });
});

describe('lastAttemptInWords', () => {
  it('is the newest attempt’s HTTP status, or why nothing answered', () => {
    const failed = { ok: false, statusCode: 500, error: null };
    const delivered = { ok: true, statusCode: 204, error: null };
    expect(lastAttemptInWords([failed, delivered])).toBe('HTTP 204');
    const timeout = { ok: false, statusCode: null, error: 'timeout after 10000 ms' };
    expect(lastAttemptInWords([delivered, timeout])).toBe('timeout after 10000 ms');
    expect(lastAttemptInWords([])).toBeNull();
  });
});

describe('canRedeliver', () => {
  it('allows delivered and failed deliveries, not pending ones (the API says CONFLICT)', () => {
    expect(canRedeliver('DELIVERED')).toBe(true);
    expect(canRedeliver('FAILED')).toBe(true);
    expect(canRedeliver('PENDING')).toBe(false);
  });
});
