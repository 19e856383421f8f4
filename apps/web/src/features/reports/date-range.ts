/**
 * The reports' date range: whole UTC days, both ends included, kept in the URL as
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD`. The API takes the window (from, to] as instants; a range of
 * days D1..D2 is the window (D1 00:00Z, D2+1 00:00Z], so it spans D2 - D1 + 1 days.
 */

/** Days a report may span (the API's limit, packages/schema reportDaysMax). */
export const reportDaysMax = 366;

/** Days shown when the URL names no range: the last 30, today included. */
export const reportDaysDefault = 30;

const dayMs = 86_400_000;
const isoDayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A range of days as the inputs and the URL hold it (each may be empty or malformed). */
export interface DateRangeDraft {
  from: string;
  to: string;
}

/**
 * A range checked against the rules: `error` is null when it may be asked for, and then `days`
 * is how many days it spans (1 to `reportDaysMax`).
 */
export interface CheckedDateRange extends DateRangeDraft {
  error: string | null;
  days: number;
}

/** Milliseconds since the epoch of a real calendar day's UTC midnight, or null. */
export function parseIsoDay(text: string): number | null {
  const match = isoDayPattern.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real day survives the round trip.
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? ms : null;
}

/** `day` (YYYY-MM-DD) moved by `count` days. */
export function addDays(day: string, count: number): string {
  const ms = parseIsoDay(day);
  if (ms === null) throw new RangeError(`not a calendar day: ${day}`);
  return new Date(ms + count * dayMs).toISOString().slice(0, 10);
}

/** Today in UTC as YYYY-MM-DD: report days are UTC days. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The last `reportDaysDefault` days up to `today`. */
export function defaultDateRange(today: string): DateRangeDraft {
  return { from: addDays(today, -(reportDaysDefault - 1)), to: today };
}

/** Checks a range: both ends real days, From not after To, at most `reportDaysMax` days. */
export function checkDateRange(draft: DateRangeDraft): CheckedDateRange {
  const fail = (error: string): CheckedDateRange => ({ ...draft, error, days: 0 });
  const fromMs = parseIsoDay(draft.from);
  const toMs = parseIsoDay(draft.to);
  if (fromMs === null) return fail('Choose a valid From date.');
  if (toMs === null) return fail('Choose a valid To date.');
  if (fromMs > toMs) return fail('From must be on or before To.');
  const days = Math.round((toMs - fromMs) / dayMs) + 1;
  if (days > reportDaysMax) {
    return fail(`A report covers at most ${reportDaysMax} days; this range has ${days}.`);
  }
  return { ...draft, error: null, days };
}

/**
 * The range a URL's query asks for: `from` and `to` when present (an empty or malformed value
 * is kept, and reported as an error), the default range for each one that is absent.
 */
export function dateRangeFromSearch(
  search: { get: (name: string) => string | null },
  today: string,
): CheckedDateRange {
  const fallback = defaultDateRange(today);
  return checkDateRange({
    from: search.get('from') ?? fallback.from,
    to: search.get('to') ?? fallback.to,
  });
}

/** Writes the range into a query string, keeping the other parameters. */
export function searchWithDateRange(
  search: { toString: () => string },
  range: DateRangeDraft,
): string {
  const next = new URLSearchParams(search.toString());
  next.set('from', range.from);
  next.set('to', range.to);
  return `?${next.toString()}`;
}

/** The API's window for a checked range: (from 00:00Z, to + 1 day 00:00Z]. */
export function reportWindow(range: DateRangeDraft): { from: string; to: string } {
  return { from: `${range.from}T00:00:00.000Z`, to: `${addDays(range.to, 1)}T00:00:00.000Z` };
}
