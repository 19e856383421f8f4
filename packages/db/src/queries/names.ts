import { inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { projects } from '../schema/projects.ts';
import { statuses } from '../schema/statuses.ts';
import { tasks } from '../schema/tasks.ts';
import { users } from '../schema/users.ts';

/** What a message names, by kind of thing: task titles, project, user and column names. */
export interface NamesByIds {
  tasks: Map<string, string>;
  projects: Map<string, string>;
  users: Map<string, string>;
  statuses: Map<string, string>;
}

async function namesOf<T extends { id: string }>(
  ids: readonly string[],
  load: (ids: string[]) => Promise<T[]>,
  name: (row: T) => string,
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  return new Map((await load([...new Set(ids)])).map((row) => [row.id, name(row)]));
}

/** The current names of these tasks, projects, users (display names) and columns. */
export async function namesByIds(
  db: Executor,
  ids: { tasks: string[]; projects: string[]; users: string[]; statuses: string[] },
): Promise<NamesByIds> {
  const [taskNames, projectNames, userNames, statusNames] = await Promise.all([
    namesOf(
      ids.tasks,
      (list) => db.select().from(tasks).where(inArray(tasks.id, list)),
      (row) => row.title,
    ),
    namesOf(
      ids.projects,
      (list) => db.select().from(projects).where(inArray(projects.id, list)),
      (row) => row.name,
    ),
    namesOf(
      ids.users,
      (list) => db.select().from(users).where(inArray(users.id, list)),
      (row) => row.displayName,
    ),
    namesOf(
      ids.statuses,
      (list) => db.select().from(statuses).where(inArray(statuses.id, list)),
      (row) => row.name,
    ),
  ]);
  return { tasks: taskNames, projects: projectNames, users: userNames, statuses: statusNames };
}
