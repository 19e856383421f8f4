/**
 * Dates of personal API tokens as the token screen shows and sends them. Pure: "now" is passed
 * in, and local time is the browser's.
 */

/** Where a token stands now. */
export type TokenState = 'active' | 'expired' | 'revoked';

/** Revoked wins over expired: a revoked token stays revoked whatever its expiry. */
export function tokenState(
  token: { revokedAt: string | null; expiresAt: string | null },
  now: Date,
): TokenState {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/**
 * The instant a token chosen to expire "on" `day` (YYYY-MM-DD) expires: the end of that day in
 * the viewer's time zone, as an ISO instant. Null for an empty or malformed day.
 */
export function expiresAtEndOfDay(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const end = new Date(year, month - 1, date, 23, 59, 59, 999);
  const real = end.getFullYear() === year && end.getMonth() === month - 1 && end.getDate() === date;
  return real ? end.toISOString() : null;
}

/** Today as YYYY-MM-DD in the viewer's time zone (the earliest expiry day offered). */
export function localToday(now: Date): string {
  const offsetMs = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offsetMs).toISOString().slice(0, 10);
}
