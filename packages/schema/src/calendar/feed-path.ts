import { calendarFeedTokenPrefix, hashToken, tokenSecretBytes } from '../auth/tokens.ts';

/** Characters of a feed token's secret: `tokenSecretBytes` in unpadded base64url. */
const secretLength = Math.ceil((tokenSecretBytes * 4) / 3);
const feedPathPattern = new RegExp(
  `^/calendar/(${calendarFeedTokenPrefix}[A-Za-z0-9_-]{${secretLength}})\\.ics$`,
);

/**
 * Where a node serves the feed of `token`, relative to any node's public URL. The token is the
 * only secret in it: whoever has the path reads the feed, until it is revoked.
 */
export function calendarFeedPath(token: string): string {
  return `/calendar/${token}.ics`;
}

/**
 * The stored hash of the token in a feed path, or null when `path` is not exactly
 * `calendarFeedPath` of a well-formed token. Callers answer both the same way (404), so a
 * malformed path and an unknown token cannot be told apart.
 */
export function calendarFeedTokenHashOfPath(path: string): string | null {
  const token = feedPathPattern.exec(path)?.[1];
  return token === undefined ? null : hashToken(token);
}
