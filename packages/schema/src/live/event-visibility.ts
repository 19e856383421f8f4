import { type EventRow, type ProjectRole, roleAtLeast } from '@raftboard/db/schema';

/**
 * The event as `role` may see it: share-link and webhook events describe credentials and
 * outbound endpoints, so below admin their payload is replaced by `{ redacted: true }`. A task
 * share link's `taskId` stays: it is no credential, the event is already in that task's
 * history, and `Event.task` needs it.
 */
export function eventForRole(event: EventRow, role: ProjectRole): EventRow {
  const adminOnly = event.kind.startsWith('shareLink.') || event.kind.startsWith('webhook.');
  if (!adminOnly || roleAtLeast(role, 'admin')) return event;
  const { taskId } = event.payload;
  const payload = typeof taskId === 'string' ? { redacted: true, taskId } : { redacted: true };
  return { ...event, payload };
}
