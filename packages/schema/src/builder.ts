import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GraphQLContext } from './context.ts';
import { notFound } from './errors.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';
import { relayDescriptions } from './read/relay-descriptions.ts';
import { fenceOnRefusalPlugin } from './write/fence-on-refusal.ts';

/** Scopes a field or type can demand; computed once per request from the viewer. */
export interface AuthScopes {
  /** Someone is signed in (session or API token). */
  authenticated: boolean;
}

/**
 * The one Pothos builder. It defines no types itself: each file under schema/ holds one domain
 * (project.ts, task/, share.ts…), its types together with their Query, Mutation and
 * Subscription fields, and schema/index.ts imports them all.
 *
 * Type-level authorization (scope-auth `authScopes` on object types) re-checks every object
 * that leaves a resolver, so a nested field or `node(id:)` cannot hand out a row of a project
 * the viewer cannot read; the failure reads as NOT_FOUND so it does not confirm existence.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  AuthScopes: AuthScopes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: File; Output: never };
  };
  // A count, or the function that counts when `totalCount` is asked for (keyset connections).
  Connection: { totalCount: number | (() => Promise<number>) };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin, fenceOnRefusalPlugin],
  scopeAuth: {
    authScopes: (context) => ({ authenticated: context.viewer !== null }),
    unauthorizedError: () => notFound('not found'),
    treatErrorsAsUnauthorized: false,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    ...relayDescriptions,
  },
});

builder.queryType({
  description: [
    'Reads. Send `Authorization: Bearer <token>` (a session token from `signUp`/`signIn`, or',
    'an API token with the READ scope); without it, fields that need a viewer answer',
    'UNAUTHENTICATED and lookups by id answer null. Every field that reads the board takes',
    '`consistency` and `minIndex` (see ReadConsistency). Errors carry `extensions.code`:',
    'UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, UNAVAILABLE.',
  ].join(' '),
});
builder.mutationType({
  description: [
    'Writes. Each one is replicated through the Raft log before it answers, and needs',
    '`Authorization: Bearer <token>` (a session, or an API token with the WRITE scope) except',
    '`signUp` and `signIn`. Every mutation takes an optional `requestId`: a retry with the',
    'same one is exactly-once. Payloads carry `index`, the log index of the change, for',
    '`minIndex` and subscription `after`. Errors carry `extensions.code`: UNAUTHENTICATED,',
    'FORBIDDEN (role or token scope; archived project), NOT_FOUND (also for what you may not',
    'see), BAD_USER_INPUT, CONFLICT (stale `expectedVersion`, taken name or email),',
    'RATE_LIMITED, UNAVAILABLE (no leader; retry with the same requestId).',
  ].join(' '),
});
builder.subscriptionType({
  description: [
    'Live feeds over Server-Sent Events (POST with `Accept: text/event-stream`) or over',
    'graphql-ws (graphql-transport-ws) on the same path. They need the same `Authorization`',
    'as queries',
    '(READ scope). Resume a feed after a disconnect, on any node, with `after: <last index>`.',
  ].join(' '),
});

/** The builder's resolved schema types, for helpers that take refs made by it. */
export type BuilderTypes =
  typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
