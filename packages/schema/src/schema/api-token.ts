import { type ApiTokenRow, apiTokenById, apiTokensOfUser } from '@raftboard/db/queries/auth';
import { requireViewer } from '../auth/access.ts';
import { apiTokenPrefix, hashToken, newToken } from '../auth/tokens.ts';
import { builder } from '../builder.ts';
import { forbidden, invalidInput, notFound } from '../errors.ts';
import { decodeGlobalId, encodeGlobalId } from '../global-id.ts';
import { propose } from '../write/propose.ts';
import { consistencyArgs, fence } from './read-consistency.ts';

/** Longest API token name. */
export const apiTokenNameLengthMax = 128;

const TokenScope = builder.enumType('TokenScope', {
  description: 'What an API token may do.',
  values: {
    READ: { value: 'read', description: 'Queries and subscriptions.' },
    WRITE: { value: 'write', description: 'Mutations.' },
  } as const,
});

/** A personal API token's metadata (its secret is shown once, at creation). */
export const ApiToken = builder.objectRef<ApiTokenRow>('ApiToken').implement({
  description: 'A personal API token for integrations. Send it as `Authorization: Bearer …`.',
  fields: (t) => ({
    id: t.id({ resolve: (token) => encodeGlobalId('ApiToken', token.id) }),
    name: t.exposeString('name'),
    scopes: t.field({
      type: [TokenScope],
      resolve: (token) =>
        token.scopes.filter((s): s is 'read' | 'write' => s === 'read' || s === 'write'),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreateApiTokenPayload = builder
  .objectRef<{ token: string; apiToken: ApiTokenRow | null; index: number }>(
    'CreateApiTokenPayload',
  )
  .implement({
    fields: (t) => ({
      success: t.boolean({ resolve: () => true }),
      index: t.exposeInt('index'),
      token: t.exposeString('token', { description: 'The secret; shown only now. Store it.' }),
      apiToken: t.field({ type: ApiToken, nullable: true, resolve: (p) => p.apiToken }),
    }),
  });

const RevokeApiTokenPayload = builder
  .objectRef<{ apiToken: ApiTokenRow | null; index: number }>('RevokeApiTokenPayload')
  .implement({
    fields: (t) => ({
      success: t.boolean({ resolve: () => true }),
      index: t.exposeInt('index'),
      apiToken: t.field({ type: ApiToken, nullable: true, resolve: (p) => p.apiToken }),
    }),
  });

builder.queryField('apiTokens', (t) =>
  t.field({
    type: [ApiToken],
    description: 'Your API tokens, newest first, revoked ones included.',
    args: consistencyArgs,
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer, 'read');
      await fence(context, args);
      return apiTokensOfUser(context.db, viewer.userId);
    },
  }),
);

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreateApiTokenPayload,
    description: 'Creates a personal API token. Needs a session (a token cannot mint tokens).',
    args: {
      name: t.arg.string({ required: true }),
      scopes: t.arg({ type: [TokenScope], required: true }),
      expiresAt: t.arg({ type: 'DateTime', required: false }),
      requestId: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer, 'write');
      if (viewer.via !== 'session') throw forbidden('API tokens are created from a session');
      const name = args.name.trim();
      if (name.length === 0 || name.length > apiTokenNameLengthMax) {
        throw invalidInput(`name must be 1 to ${apiTokenNameLengthMax} characters`);
      }
      if (args.scopes.length === 0) throw invalidInput('give at least one scope');
      if (args.expiresAt && args.expiresAt.getTime() <= context.now().getTime()) {
        throw invalidInput('expiresAt must be in the future');
      }
      const tokenId = context.newId();
      const token = newToken(apiTokenPrefix);
      const committed = await propose(context, {
        type: 'apiToken.create',
        payload: {
          tokenId,
          name,
          tokenHash: hashToken(token),
          scopes: [...new Set(args.scopes)].sort(),
          expiresAt: args.expiresAt ? args.expiresAt.getTime() : null,
        },
        requestId: args.requestId ?? null,
      });
      if (committed.result.tokenId !== tokenId) {
        throw forbidden('this requestId already created a token; its secret was shown then');
      }
      return {
        token,
        apiToken: (await apiTokenById(context.db, tokenId)) ?? null,
        index: committed.index,
      };
    },
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: RevokeApiTokenPayload,
    description: 'Revokes one of your API tokens at once, on every node.',
    args: { id: t.arg.id({ required: true }), requestId: t.arg.string({ required: false }) },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer, 'write');
      const { typename, id } = decodeGlobalId(String(args.id));
      const existing = typename === 'ApiToken' ? await apiTokenById(context.db, id) : undefined;
      if (!existing || existing.userId !== viewer.userId) throw notFound('API token not found');
      const committed = await propose(context, {
        type: 'apiToken.revoke',
        payload: { tokenId: id },
        requestId: args.requestId ?? null,
      });
      return { apiToken: (await apiTokenById(context.db, id)) ?? null, index: committed.index };
    },
  }),
);
