import type { ObjectRef } from '@pothos/core';
import { type BuilderTypes, builder } from '../builder.ts';

/** What every mutation payload carries besides its entity. */
export interface PayloadShape<Entity> {
  index: number;
  entity: Entity | null;
}

/**
 * Defines `<Name>Payload { success: Boolean!, <field>: <Entity>, index: Int! }`, the shape every
 * mutation returns. `index` is the Raft log index of the change: pass it as `minIndex` to read
 * your write on any node, or as `after` to a subscription.
 */
export function payloadType<Entity>(
  name: string,
  field: string,
  entity: ObjectRef<BuilderTypes, Entity>,
  description: string,
) {
  return builder.objectRef<PayloadShape<Entity>>(name).implement({
    description,
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: 'True when the change committed.' }),
      index: t.exposeInt('index', {
        description: 'Log index of the change; use as `minIndex` or subscription `after`.',
      }),
      [field]: t.field({
        type: entity,
        nullable: true,
        description: 'The entity after the change (null when it no longer exists).',
        resolve: (payload) => payload.entity as never,
      }),
    }),
  });
}
