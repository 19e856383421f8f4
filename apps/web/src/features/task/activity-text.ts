import { ruleInWords } from './recurrence-words.ts';

/** One event of a task's history, as the activity list reads it. */
export interface ActivityEvent {
  kind: string;
  /** Event payloads carry raw database ids and lower-case enum values (packages/db). */
  payload: unknown;
  actorName: string | null;
}

type Changes = Record<string, { from?: unknown; to?: unknown } | undefined>;

/** Words for the fields `task.updated` reports (database column names). */
const fieldWords: Record<string, string> = {
  title: 'title',
  description: 'description',
  dueDate: 'due date',
  startDate: 'start date',
  priorityId: 'priority',
  statusId: 'status',
  parentId: 'parent task',
};

const relationWords: Record<string, string> = {
  blocks: 'a “blocks” link',
  duplicates: 'a “duplicates” link',
  relates: 'a “relates to” link',
};

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function capitalized(value: unknown): string {
  const text = String(value ?? '');
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

function count(items: unknown, unit: string): string {
  const length = Array.isArray(items) ? items.length : 0;
  return `${length} ${unit}${length === 1 ? '' : 's'}`;
}

/** One changed field in words: "renamed the task to “X”", "cleared the due date"… */
function describeChange(field: string, change: { from?: unknown; to?: unknown }): string | null {
  const to = change.to;
  if (field === 'title') return `renamed the task to “${String(to)}”`;
  if (field === 'priorityId') return `set the priority to ${capitalized(to)}`;
  if (field === 'dueDate' || field === 'startDate') {
    const words = fieldWords[field];
    return to ? `set the ${words} to ${String(to).slice(0, 10)}` : `cleared the ${words}`;
  }
  if (field === 'statusId') return 'changed the status';
  const words = fieldWords[field];
  return words ? `changed the ${words}` : null;
}

function describeUpdate(payload: Record<string, unknown>): string {
  const changes = record(payload.changes) as Changes;
  const parts = Object.entries(changes)
    .map(([field, change]) => (change ? describeChange(field, change) : null))
    .filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : 'updated the task';
}

function describeLabels(payload: Record<string, unknown>): string {
  const added = Array.isArray(payload.added) ? payload.added.length : 0;
  const removed = Array.isArray(payload.removed) ? payload.removed.length : 0;
  if (added > 0 && removed > 0) {
    return `added ${count(payload.added, 'label')} and removed ${removed}`;
  }
  return added > 0
    ? `added ${count(payload.added, 'label')}`
    : `removed ${count(payload.removed, 'label')}`;
}

/** "made the task repeat weekly", from the rule the event kept. */
function describeRecurrenceSet(payload: Record<string, unknown>): string {
  const rule = typeof payload.rule === 'string' ? payload.rule : '';
  const words = ruleInWords(rule);
  return words.startsWith('Repeats: ')
    ? `made the task repeat (${rule})`
    : `made the task ${words.replace(/^Repeats/, 'repeat')}`;
}

/** What the actor did, for kinds whose words need the payload. */
const payloadDescriptions: Record<string, (payload: Record<string, unknown>) => string> = {
  'task.updated': describeUpdate,
  'task.moved': (payload) =>
    record(payload.changes).statusId ? 'moved the task to another status' : 'reordered the task',
  'task.labelsChanged': describeLabels,
  'task.recurrenceSet': describeRecurrenceSet,
  'task.relationAdded': (payload) =>
    `added ${relationWords[String(payload.type).toLowerCase()] ?? 'a link'}`,
  'task.relationRemoved': (payload) =>
    `removed ${relationWords[String(payload.type).toLowerCase()] ?? 'a link'}`,
  'attachment.added': (payload) => `attached ${String(payload.fileName ?? 'a file')}`,
  'attachment.deleted': (payload) => `deleted the attachment ${String(payload.fileName ?? '')}`,
};

/** What the actor did, for kinds that read the same every time. */
const fixedDescriptions: Record<string, string> = {
  'task.created': 'created the task',
  'task.deleted': 'deleted the task',
  'task.assigned': 'added an assignee',
  'task.unassigned': 'removed an assignee',
  'comment.added': 'commented',
  'comment.edited': 'edited a comment',
  'comment.deleted': 'deleted a comment',
  'shareLink.created': 'created a share link',
  'shareLink.revoked': 'revoked a share link',
  'task.recurrenceCleared': 'stopped the task repeating',
  'task.dueReminderSent': 'reminded the assignees that it is due soon',
};

/**
 * A history event as a sentence: "Ada moved the task to another status", "Ada set the due
 * date to 2026-12-01". Unknown kinds fall back to the kind itself; an event without a visible
 * actor is "Someone"'s.
 */
export function describeEvent(event: ActivityEvent): string {
  const actor = event.actorName ?? 'Someone';
  const describe = payloadDescriptions[event.kind];
  const action = describe
    ? describe(record(event.payload))
    : (fixedDescriptions[event.kind] ?? event.kind);
  return `${actor} ${action.trim()}`;
}
