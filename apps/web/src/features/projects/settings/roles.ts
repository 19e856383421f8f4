import type { ResultOf } from '../../../graphql/index.ts';
import type { ProjectFrameFields } from '../../board/documents.ts';

/** A project role, as the API spells it. */
export type ProjectRole = ResultOf<typeof ProjectFrameFields>['members'][number]['role'];

/** Roles from most to least power, with the words the screens use. */
export const projectRoles: readonly { role: ProjectRole; label: string; hint: string }[] = [
  { role: 'OWNER', label: 'Owner', hint: 'Also manages owners' },
  { role: 'ADMIN', label: 'Admin', hint: 'Manages members, statuses and the project' },
  { role: 'MEMBER', label: 'Member', hint: 'Creates and edits tasks, labels and comments' },
  { role: 'VIEWER', label: 'Viewer', hint: 'Reads everything, changes nothing' },
];

/** The word for a role. */
export function roleLabel(role: ProjectRole): string {
  return projectRoles.find((entry) => entry.role === role)?.label ?? role;
}
