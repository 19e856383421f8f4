import SchemaBuilder from '@pothos/core';
import type { GraphQLContext } from './context.ts';

/**
 * The one Pothos builder. It defines no types itself: each file under schema/ adds the type it
 * is named after, with that type's root fields beside it.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
});

builder.queryType({});
