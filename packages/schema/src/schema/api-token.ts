import { apiTokenById, apiTokensOfUser } from '@raftboard/db/queries/auth';
import type { ApiTokenRow } from '@raftboard/db/schema';
import { requireViewer } from '../auth/access.ts';
import { apiTokenPrefix, hashToken, newToken } from '../auth/tokens.ts';
import { builder } from '../builder.ts';
import { forbidden, invalidInput, notFound } from '../errors.ts';
import { decodeGlobalId, encodeGlobalId } from '../global-id.ts';
import { indexDescription, requestIdDescription, successDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import { consistencyArgs, fence } from './read-consistency.ts';

/** Longest API token name. */
export const apiTokenNameLengthMax = 128;

const TokenScope = builder.enumType('TokenScope', {
  description: 'What an API token may do.',
  values: {
    READ: { value: 'read', description: 'Queries and subscriptions: reads what you can read.' },
    WRITE: {
      value: 'write',
      description: [
        'Mutations, as you: your project roles still apply. Most mutations first read what they',
        'change, so a token that writes needs READ as well.',
      ].join(' '),
    },
  } as const,
});

/** A personal API token's metadata (its secret is shown once, at creation). */
export const ApiToken = builder.objectRef<ApiTokenRow>('ApiToken').implement({
  description: [
    'A personal API token for integrations: it acts as you, limited to its scopes, until it',
    'expires or is revoked. Send its secret as `Authorization: Bearer rbp_…`. The secret itself',
    'is only in `createApiToken`’s answer; this is its metadata.',
  ].join(' '),
  fields: (t) => ({
    id: t.id({
      description: 'Global id; pass it to `revokeApiToken`.',
      resolve: (token) => encodeGlobalId('ApiToken', token.id),
    }),
    name: t.exposeString('name', { description: 'Your label for it, 1 to 128 characters.' }),
    scopes: t.field({
      type: [TokenScope],
      description: 'What it may do.',
      resolve: (token) =>
        token.scopes.filter((s): s is 'read' | 'write' => s === 'read' || s === 'write'),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it stops working; null for never.',
    }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null while it is not.',
    }),
  }),
});

const CreateApiTokenPayload = builder
  .objectRef<{ token: string; apiToken: ApiTokenRow | null; index: number }>(
    'CreateApiTokenPayload',
  )
  .implement({
    description: 'A new API token and its secret.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      token: t.exposeString('token', {
        description: [
          'The secret (`rbp_…`), shown only in this answer: only its hash is stored. Keep it',
          'safe and send it as `Authorization: Bearer <token>`.',
        ].join(' '),
      }),
      apiToken: t.field({
        type: ApiToken,
        nullable: true,
        description: 'The token’s metadata.',
        resolve: (p) => p.apiToken,
      }),
    }),
  });

const RevokeApiTokenPayload = builder
  .objectRef<{ apiToken: ApiTokenRow | null; index: number }>('RevokeApiTokenPayload')
  .implement({
    description: 'The revoked API token.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      apiToken: t.field({
        type: ApiToken,
        nullable: true,
        description: 'The token’s metadata, now with `revokedAt` set.',
        resolve: (p) => p.apiToken,
      }),
    }),
  });

builder.queryField('apiTokens', (t) =>
  t.field({
    type: [ApiToken],
    description: 'Your API tokens, newest first, revoked and expired ones included.',
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
    description: [
      'Creates a personal API token for scripts and integrations. Needs a session: an API',
      'token cannot mint tokens (FORBIDDEN). The secret is in the answer only.',
    ].join(' '),
    args: {
      name: t.arg.string({
        required: true,
        description: `Your label for it, 1 to ${apiTokenNameLengthMax} characters (trimmed).`,
      }),
      scopes: t.arg({
        type: [TokenScope],
        required: true,
        description: 'At least one scope.',
      }),
      expiresAt: t.arg({
        type: 'DateTime',
        required: false,
        description: 'When it stops working; in the future. Default: never.',
      }),
      requestId: t.arg.string({
        required: false,
        description: [
          'Idempotency key (1 to 64 of [A-Za-z0-9_.:-]). The secret cannot be shown twice, so',
          'a retry with a requestId that already created a token fails with FORBIDDEN and',
          'creates nothing: list `apiTokens` to see whether the first attempt went through.',
        ].join(' '),
      }),
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
    description: [
      'Revokes one of your API tokens: every node refuses it from the moment it applies the',
      'change. NOT_FOUND for a token that is not yours.',
    ].join(' '),
    args: {
      id: t.arg.id({ required: true, description: 'The `ApiToken.id` to revoke.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
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
