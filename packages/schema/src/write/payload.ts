import type { ObjectRef } from '@pothos/core';
import { requestIdFutureSkewMs, requestIdWindowMs } from '@raftboard/db/apply';
import { type BuilderTypes, builder } from '../builder.ts';

/** What every mutation payload carries besides its entity. */
export interface PayloadShape<Entity> {
  index: number;
  entity: Entity | null;
}

/** `success` on every payload: the field only says the answer is not an error. */
export const successDescription =
  'Always true: a refused or failed change answers with an error (`extensions.code`) instead.';

/** `index` on every payload. */
export const indexDescription = [
  'Raft log index of the change (of the first attempt, for a retried `requestId`). Pass it as',
  '`minIndex` to read your write on any node, or as `after` to a subscription.',
].join(' ');

const hourMs = 60 * 60 * 1_000;

/** The optional `requestId` every mutation takes. */
export const requestIdDescription = [
  'Idempotency key for exactly-once retries: a UUIDv7 (RFC 9562) the client makes when the user',
  'acts, new for every distinct change; its first 48 bits say when it was made. Sending it again',
  '(as the same user, to any node) returns the first attempt’s outcome, its payload or its',
  `error, without changing anything twice, for ${requestIdWindowMs / hourMs} hours after it was`,
  'made. Later, or when it is dated more than',
  `${requestIdFutureSkewMs / 60_000} minutes ahead of the cluster’s clock, it fails with`,
  'BAD_USER_INPUT and changes nothing: make the change again with a new requestId. Any other',
  'string fails with BAD_USER_INPUT. Omit it and the server makes one: every call is a new change.',
].join(' ');

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
  entityDescription = 'The entity as this node has it right after the change; null once gone.',
) {
  return builder.objectRef<PayloadShape<Entity>>(name).implement({
    description,
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      [field]: t.field({
        type: entity,
        nullable: true,
        description: entityDescription,
        resolve: (payload) => payload.entity as never,
      }),
    }),
  });
}
