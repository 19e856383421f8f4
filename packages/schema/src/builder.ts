import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GraphQLContext } from './context.ts';
import { notFound } from './errors.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';

/** Scopes a field or type can demand; computed once per request from the viewer. */
export interface AuthScopes {
  /** Someone is signed in (session or API token). */
  authenticated: boolean;
}

/**
 * The one Pothos builder. It defines no types itself: each file under schema/ adds the type it
 * is named after, with that type's root fields beside it.
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
  Connection: { totalCount: number };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin],
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
    nodeQueryOptions: {
      description: 'Any object by its global id; null when it does not exist or is not yours.',
    },
    nodesQueryOptions: {
      description: 'Objects by global id, in order; null for each one not visible to you.',
    },
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

/** The builder's resolved schema types, for helpers that take refs made by it. */
export type BuilderTypes =
  typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
