import type { Database } from '@raftboard/db/client';
import { usersByIds } from '@raftboard/db/queries/auth';
import { statusesByIds } from '@raftboard/db/queries/projects';
import { assigneesOfTasks, labelsOfTasks, tasksByIds } from '@raftboard/db/queries/tasks';
import type { LabelRow, StatusRow, TaskRow, UserRow } from '@raftboard/db/schema';
import { BatchLoader, groupBy } from './batch-loader.ts';

/**
 * Per-request batch loaders for the fields every task card asks for, so a page of 100 tasks
 * costs a handful of queries instead of hundreds. Authorization stays with the types.
 */
export interface Loaders {
  /** Live (not deleted) tasks; no permission check, which `loadTasks` in task.ts adds. */
  task: BatchLoader<string, TaskRow | null>;
  user: BatchLoader<string, UserRow | null>;
  status: BatchLoader<string, StatusRow | null>;
  assignees: BatchLoader<string, UserRow[]>;
  labels: BatchLoader<string, LabelRow[]>;
}

/** Fresh loaders over `db` for one request. */
export function createLoaders(db: Database): Loaders {
  return {
    task: new BatchLoader(async (ids) => {
      const rows = await tasksByIds(db, ids);
      return new Map(rows.map((row) => [row.id, row]));
    }, null),
    user: new BatchLoader(async (ids) => {
      const rows = await usersByIds(db, ids);
      return new Map(rows.map((row) => [row.id, row]));
    }, null),
    status: new BatchLoader(async (ids) => {
      const rows = await statusesByIds(db, ids);
      return new Map(rows.map((row) => [row.id, row]));
    }, null),
    assignees: new BatchLoader(async (taskIds) => {
      const rows = groupBy(await assigneesOfTasks(db, taskIds), (row) => row.taskId);
      return new Map([...rows].map(([taskId, group]) => [taskId, group.map((r) => r.user)]));
    }, []),
    labels: new BatchLoader(async (taskIds) => {
      const rows = groupBy(await labelsOfTasks(db, taskIds), (row) => row.taskId);
      return new Map([...rows].map(([taskId, group]) => [taskId, group.map((r) => r.label)]));
    }, []),
  };
}
