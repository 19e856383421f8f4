/** A duration in hours as a person reads it: hours under two days, days after; "—" for none. */
export function formatHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return '—';
  if (hours < 48) return `${Number(hours.toFixed(1))} h`;
  return `${Number((hours / 24).toFixed(1))} d`;
}

/** A share (0 to 1) as a whole percentage. */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The calendar day (YYYY-MM-DD) of an ISO instant, in UTC like the report's weeks and days. */
export function dayOf(instant: string): string {
  return instant.slice(0, 10);
}

/** A short axis label for a YYYY-MM-DD day: "Nov 26". */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
