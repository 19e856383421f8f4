/** Whether a command type starts with one of `prefixes` (`'member.'`, …). */
function typesStartingWith(...prefixes: string[]): (commandType: string) => boolean {
  return (commandType) => prefixes.some((prefix) => commandType.startsWith(prefix));
}

/**
 * The command types that write sessions, API tokens, users, projects or memberships: what
 * authentication and project roles are read from (`ApplyResult.accessChanged`).
 */
export const changesAccess = typesStartingWith(
  'user.',
  'session.',
  'apiToken.',
  'project.',
  'member.',
);

/** The command types that write projects, memberships or columns (what `ProjectMemo` holds). */
export const changesProjects = typesStartingWith('project.', 'member.', 'status.');

/**
 * The command types that write webhooks (what `ApplyBatch` keeps for outbox rows): a recorded
 * delivery may disable one.
 */
export const changesWebhooks = typesStartingWith('webhook.', 'outbox.recordDelivery');
