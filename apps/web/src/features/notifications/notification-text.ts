/** A notification as its sentence needs it. */
export interface NotificationFacts {
  kind: string;
  /** Raw ids and lower-case enum values, as packages/db writes them. */
  payload: unknown;
  task: { title: string } | null;
  project: { name: string } | null;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** The task's name: the current title, or the one the payload kept (the task may be gone). */
function taskName(facts: NotificationFacts): string {
  const title = facts.task?.title ?? record(facts.payload).title;
  return typeof title === 'string' && title.length > 0 ? `“${title}”` : 'a task';
}

function projectName(facts: NotificationFacts): string {
  return facts.project ? facts.project.name : 'a project';
}

function memberAdded(facts: NotificationFacts): string {
  const role = record(facts.payload).role;
  const as = typeof role === 'string' ? ` as ${role.toLowerCase()}` : '';
  return `You were added to ${projectName(facts)}${as}`;
}

const sentences: Record<string, (facts: NotificationFacts) => string> = {
  'comment.mentioned': (facts) => `You were mentioned in a comment on ${taskName(facts)}`,
  'task.assigned': (facts) => `You were assigned to ${taskName(facts)}`,
  'task.dueSoon': (facts) => {
    const dueDate = record(facts.payload).dueDate;
    return `${taskName(facts)} is due ${typeof dueDate === 'string' ? `on ${dueDate}` : 'soon'}`;
  },
  'task.overdue': (facts) => {
    const dueDate = record(facts.payload).dueDate;
    const was = typeof dueDate === 'string' ? ` (it was due on ${dueDate})` : '';
    return `${taskName(facts)} is overdue${was}`;
  },
  // The payload names who and which column by raw database ids, which the board cannot turn
  // into names; the sentence says what happened without them.
  'task.commented': (facts) => `New comment on ${taskName(facts)}, a task you follow`,
  'task.statusChanged': (facts) => `${taskName(facts)}, a task you follow, moved to another column`,
  'project.memberAdded': memberAdded,
  'member.added': memberAdded,
  'webhook.disabled': (facts) => {
    const url = record(facts.payload).url;
    const hook = typeof url === 'string' ? `The webhook to ${url}` : 'A webhook';
    return `${hook} in ${projectName(facts)} was disabled after repeated failures`;
  },
};

/**
 * What happened, in one sentence: "You were mentioned in a comment on “Ship it”". Kinds this
 * list does not know read as "<kind> in <project>", so a new kind still says something.
 */
export function describeNotification(facts: NotificationFacts): string {
  const sentence = sentences[facts.kind];
  if (sentence) return sentence(facts);
  return facts.task
    ? `${facts.kind} on ${taskName(facts)}`
    : `${facts.kind} in ${projectName(facts)}`;
}

/**
 * Where a notification leads: the task in its board, the project's settings for a webhook (its
 * admins fix it there), the project's board, or nowhere.
 */
export function notificationHref(facts: {
  kind?: string;
  project: { id: string } | null;
  task: { id: string } | null;
}): string | null {
  if (!facts.project) return null;
  if (facts.kind?.startsWith('webhook.')) return `/projects/${facts.project.id}/settings`;
  const board = `/projects/${facts.project.id}/board`;
  return facts.task ? `${board}?task=${encodeURIComponent(facts.task.id)}` : board;
}
