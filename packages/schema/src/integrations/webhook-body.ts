import { encodeEntityId, encodeGlobalId } from '../global-id.ts';

/** An event as apply stored it in an outbox message (effects.ts): an events row, `at` as ISO. */
interface StoredEvent {
  logIndex: number;
  ordinal: number;
  projectSeq: number | null;
  projectId: string | null;
  actorId: string;
  kind: string;
  entityType: string;
  entityId: string;
  at: string;
  payload: Record<string, unknown>;
}

/**
 * The JSON body of one delivery. `event` has the fields and ids of the GraphQL `Event` type
 * (global ids, `index` the Raft log index), so a receiver can look anything up through the API;
 * as there, ids inside `payload` are raw.
 */
export function webhookBody(delivery: {
  deliveryId: string;
  webhookId: string;
  event: Record<string, unknown>;
}): string {
  const event = delivery.event as unknown as StoredEvent;
  return JSON.stringify({
    deliveryId: delivery.deliveryId,
    webhookId: encodeGlobalId('Webhook', delivery.webhookId),
    event: {
      index: event.logIndex,
      ordinal: event.ordinal,
      projectSeq: event.projectSeq,
      projectId: event.projectId === null ? null : encodeGlobalId('Project', event.projectId),
      kind: event.kind,
      entityType: event.entityType,
      entityId: encodeEntityId(event.entityType, event.entityId),
      actorId: encodeGlobalId('User', event.actorId),
      at: event.at,
      payload: event.payload,
    },
  });
}
