import { type UserRow, usersByIds } from '@raftboard/db/queries/auth';
import { builder } from '../builder.ts';
import { consistencyArgs, fence } from './read-consistency.ts';

/** A person, as other members of their projects see them. */
export const User = builder.objectRef<UserRow>('User');

builder.node(User, {
  description: 'A person. Visible to themself and to people they share a project with.',
  id: { resolve: (user) => user.id },
  authScopes: (user, context) => context.access.canSeeUser(user.id),
  loadMany: async (ids, context) => {
    const rows = await usersByIds(context.db, ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return Promise.all(
      ids.map(async (id) => {
        const row = byId.get(id);
        return row && (await context.access.canSeeUser(id)) ? row : null;
      }),
    );
  },
  fields: (t) => ({
    name: t.exposeString('displayName', { description: 'Display name.' }),
    username: t.exposeString('username', { description: 'Handle for @mentions, lower-case.' }),
    email: t.string({
      nullable: true,
      description: 'Only shown to the user themself.',
      resolve: (user, _args, context) => (context.viewer?.userId === user.id ? user.email : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: User,
    nullable: true,
    description: 'The signed-in user, or null for anonymous requests.',
    args: consistencyArgs,
    resolve: async (_root, args, context) => {
      await fence(context, args);
      if (context.viewer === null) return null;
      const [user] = await usersByIds(context.db, [context.viewer.userId]);
      return user ?? null;
    },
  }),
);
