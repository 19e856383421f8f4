const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
/** Beyond this, a time is shown as a date rather than "n days ago". */
const relativeDaysMax = 7;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/**
 * An instant in words relative to `nowMs`: "just now", "5 minutes ago", "3 hours ago",
 * "yesterday", "4 days ago", then the calendar date (UTC, YYYY-MM-DD). Future instants (a
 * proposer's clock slightly ahead) read as "just now".
 */
export function timeInWords(iso: string, nowMs: number): string {
  const atMs = Date.parse(iso);
  if (Number.isNaN(atMs)) return iso;
  const elapsedMs = nowMs - atMs;
  if (elapsedMs < minuteMs) return 'just now';
  if (elapsedMs < hourMs) return plural(Math.floor(elapsedMs / minuteMs), 'minute');
  if (elapsedMs < dayMs) return plural(Math.floor(elapsedMs / hourMs), 'hour');
  const days = Math.floor(elapsedMs / dayMs);
  if (days === 1) return 'yesterday';
  if (days < relativeDaysMax) return `${days} days ago`;
  return new Date(atMs).toISOString().slice(0, 10);
}

/** A byte count in words: "512 B", "12.5 KB", "1.0 MB". */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
