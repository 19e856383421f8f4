import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { shareLinks } from '../schema/projects.ts';

/** A share link row. */
export type ShareLinkRow = typeof shareLinks.$inferSelect;

/** A live (not revoked, not expired at `now`) share link by the hash of its token. */
export async function findLiveShareLink(db: Executor, tokenHash: string, now: Date) {
  const [link] = await db
    .select()
    .from(shareLinks)
    .where(
      and(
        eq(shareLinks.tokenHash, tokenHash),
        isNull(shareLinks.revokedAt),
        or(isNull(shareLinks.expiresAt), gt(shareLinks.expiresAt, now)),
      ),
    );
  return link;
}

/** A share link by id. */
export async function shareLinkById(db: Executor, id: string): Promise<ShareLinkRow | undefined> {
  const [link] = await db.select().from(shareLinks).where(eq(shareLinks.id, id));
  return link;
}
