/**
 * Every kind of notification, with whether it sends an email when the person has not chosen
 * (`notification_preferences`). The API lists these for the preferences screen.
 */
export const notificationKinds = {
  'task.assigned': { emailByDefault: true, description: 'You were assigned a task.' },
  'comment.mentioned': { emailByDefault: true, description: 'Someone @mentioned you.' },
  'task.commented': { emailByDefault: false, description: 'A task you follow has a comment.' },
  'task.statusChanged': {
    emailByDefault: false,
    description: 'A task you follow moved to another column.',
  },
  'task.dueSoon': { emailByDefault: true, description: 'A task of yours is due by tomorrow.' },
  'task.overdue': { emailByDefault: true, description: 'A task of yours is past its due date.' },
  'project.memberAdded': { emailByDefault: true, description: 'You were added to a project.' },
  'webhook.disabled': {
    emailByDefault: true,
    description: 'A webhook of a project you administer was disabled.',
  },
} as const;

export type NotificationKind = keyof typeof notificationKinds;

/** Whether `kind` is one of `notificationKinds`. */
export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(notificationKinds, kind);
}
