// Goal: the token screen says truthfully whether a token still works, and a token set to expire
// "on" a day works through the whole of that day where the person is.
import { describe, expect, it } from 'vitest';
import { expiresAtEndOfDay, localToday, tokenState } from '../src/features/settings/token-dates.ts';

describe('tokenState', () => {
  const now = new Date('2026-11-26T12:00:00.000Z');

  it('is active without expiry or before it', () => {
    expect(tokenState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-11-26T12:00:00.001Z' }, now)).toBe(
      'active',
    );
  });

  it('is expired from the expiry instant on', () => {
    expect(tokenState({ revokedAt: null, expiresAt: '2026-11-26T12:00:00.000Z' }, now)).toBe(
      'expired',
    );
  });

  it('is revoked once revoked, expired or not', () => {
    const revokedAt = '2026-11-01T00:00:00.000Z';
    expect(tokenState({ revokedAt, expiresAt: null }, now)).toBe('revoked');
    expect(tokenState({ revokedAt, expiresAt: '2026-11-02T00:00:00.000Z' }, now)).toBe('revoked');
  });
});

describe('expiresAtEndOfDay', () => {
  it('is the last millisecond of that day in local time', () => {
    const instant = expiresAtEndOfDay('2027-03-15');
    expect(instant).not.toBeNull();
    const local = new Date(instant ?? '');
    expect([local.getFullYear(), local.getMonth(), local.getDate()]).toEqual([2027, 2, 15]);
    expect([local.getHours(), local.getMinutes(), local.getSeconds()]).toEqual([23, 59, 59]);
    expect(local.getMilliseconds()).toBe(999);
  });

  it('is null for no day or a day that does not exist', () => {
    expect(expiresAtEndOfDay('')).toBeNull();
    expect(expiresAtEndOfDay('2027-02-29')).toBeNull();
    expect(expiresAtEndOfDay('tomorrow')).toBeNull();
  });

  it('offers today, where the person is, as the earliest day', () => {
    const now = new Date(2026, 10, 26, 23, 30);
    expect(localToday(now)).toBe('2026-11-26');
  });
});
