import { liveShareLinksOfTask, type ShareLinkRow } from '@raftboard/db/repositories/share-link';
import { builder } from '../builder.ts';
import { encodeGlobalId } from '../global-id.ts';
import { Task } from './task.ts';
import { User } from './user.ts';

/** A task's share link as project members see it: never its token or the token's hash. */
export const ShareLink = builder.objectRef<ShareLinkRow>('ShareLink').implement({
  description: [
    'A read-only link to one task for people without an account. Its token was shown once,',
    'to its creator, and is never readable again.',
  ].join(' '),
  fields: (t) => ({
    id: t.id({
      description: 'Global id; pass it to `unshareTask` to revoke the link.',
      resolve: (link) => encodeGlobalId('ShareLink', link.id),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it stops working; null for never.',
    }),
    createdBy: t.field({
      type: User,
      nullable: true,
      description: 'Who created it; null when you cannot see them (no longer in your projects).',
      resolve: async (link, _args, context) =>
        (await context.access.canSeeUser(link.createdBy))
          ? context.loaders.user.get(link.createdBy)
          : null,
    }),
  }),
});

builder.objectField(Task, 'shareLinks', (t) =>
  t.field({
    type: [ShareLink],
    description: 'The task’s live share links (not revoked, not expired), oldest first.',
    // Task's own authScopes already limit this to members of the task's project.
    resolve: (task, _args, context) =>
      liveShareLinksOfTask(context.db, { taskId: task.id, now: context.now() }),
  }),
);
