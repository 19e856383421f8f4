import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type ShareLinkRow, shareLinks } from '../schema/share-links.ts';

/** Bound on the live share links listed for one task. */
export const taskShareLinksMax = 100;

/** Not revoked, and not expired at `now` (a link expiring exactly at `now` is dead). */
function liveAt(now: Date) {
  return and(
    isNull(shareLinks.revokedAt),
    or(isNull(shareLinks.expiresAt), gt(shareLinks.expiresAt, now)),
  );
}

/** The share link whose token hashes to `tokenHash`, if it is live at `now`. */
export async function findLiveShareLink(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<ShareLinkRow | undefined> {
  const [link] = await db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.tokenHash, tokenHash), liveAt(now)));
  return link;
}

/** A share link by id, live or not. */
export async function shareLinkById(db: Executor, id: string): Promise<ShareLinkRow | undefined> {
  const [link] = await db.select().from(shareLinks).where(eq(shareLinks.id, id));
  return link;
}

/**
 * The share links of task `taskId` that are live at `now`, oldest first (ties by id), at most
 * `taskShareLinksMax`. Callers check that the reader may see the task.
 */
export async function liveShareLinksOfTask(
  db: Executor,
  options: { taskId: string; now: Date },
): Promise<ShareLinkRow[]> {
  return db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.taskId, options.taskId), liveAt(options.now)))
    .orderBy(asc(shareLinks.createdAt), asc(shareLinks.id))
    .limit(taskShareLinksMax);
}
