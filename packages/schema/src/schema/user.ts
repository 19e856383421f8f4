import { usersByIds } from '@raftboard/db/queries/auth';
import type { UserRow } from '@raftboard/db/schema';
import { builder } from '../builder.ts';
import { consistencyArgs, fence } from './read-consistency.ts';

/** A person, as other members of their projects see them. */
export const User = builder.objectRef<UserRow>('User');

builder.node(User, {
  description: [
    'A person with an account. You can see yourself and the people you share a project with;',
    'anyone else reads as null.',
  ].join(' '),
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
    name: t.exposeString('displayName', {
      description: 'Display name, 1 to 128 characters, as given at sign-up.',
    }),
    username: t.exposeString('username', {
      description: [
        'Unique handle for `@username` mentions: 2 to 64 characters of [a-z0-9_.-], derived from',
        'the email at sign-up.',
      ].join(' '),
    }),
    email: t.string({
      nullable: true,
      description: 'Sign-in email, lower-case; null for anyone but the user themself.',
      resolve: (user, _args, context) => (context.viewer?.userId === user.id ? user.email : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When they signed up.' }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: User,
    nullable: true,
    description: [
      'The user the request’s token belongs to; null without a valid token. An API token needs',
      'the READ scope.',
    ].join(' '),
    args: consistencyArgs,
    resolve: async (_root, args, context) => {
      await fence(context, args);
      if (context.viewer === null) return null;
      const [user] = await usersByIds(context.db, [context.viewer.userId]);
      return user ?? null;
    },
  }),
);
