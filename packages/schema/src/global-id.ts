import { invalidInput } from './errors.ts';

/** Longest global id accepted: type name + ':' + a 36-character id, base64url, with room. */
export const globalIdLengthMax = 128;

/** Relay global id: base64url("<Type>:<id>"), opaque to clients. */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

/**
 * Parses a global id, throwing BAD_USER_INPUT (never an internal error) when it is not one.
 * Accepts both base64url and standard base64.
 */
export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  if (globalId.length === 0 || globalId.length > globalIdLengthMax) {
    throw invalidInput(`invalid id: ${JSON.stringify(globalId.slice(0, 40))}`);
  }
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator <= 0 || !/^[A-Za-z]+$/.test(typename) || !/^[0-9A-Za-z_-]{1,36}$/.test(id)) {
    throw invalidInput(`invalid id: ${JSON.stringify(globalId.slice(0, 40))}`);
  }
  return { typename, id };
}

/** GraphQL type names of the entities events are about, by `entityType`. */
const entityTypeNames: Record<string, string> = {
  project: 'Project',
  task: 'Task',
  status: 'Status',
  label: 'Label',
  comment: 'Comment',
  member: 'User',
  attachment: 'Attachment',
  user: 'User',
  webhook: 'Webhook',
};

/** The global id of an event's entity, or its raw id for types without one. */
export function encodeEntityId(entityType: string, id: string): string {
  const typename = entityTypeNames[entityType];
  return typename ? encodeGlobalId(typename, id) : id;
}
