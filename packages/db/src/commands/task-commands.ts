import { z } from 'zod';
import { priorityIds } from '../schema/statuses.ts';
import { taskRelationTypes } from '../schema/tasks.ts';
import {
  bodyLengthMax,
  calendarDate,
  commandSchema,
  entityId,
  expectedVersion,
  position,
} from './fields.ts';

/** Bound on the assignees a task is created with. */
export const taskAssigneesMax = 20;
/** Bound on the labels one task carries. */
export const taskLabelsMax = 50;
/** Bound on the tasks one bulk update changes (all or nothing). */
export const bulkUpdateTasksMax = 100;
/** Bound on the tasks one `task.import` creates: one entry, one transaction, one INSERT each. */
export const importTasksMax = 500;
/**
 * Bound on the UTF-8 bytes of one import's tasks as JSON. The count bound alone would let 500
 * descriptions of 64 KiB make a 32 MiB log entry, held whole by every node and every follower's
 * AppendEntries; 1 MiB keeps an import no larger than the largest attachment entry.
 */
export const importTasksBytesMax = 1024 * 1024;

/** One task of a `task.import`: the fields of `task.create` an imported row can carry. */
const importedTaskSchema = z.strictObject({
  title: z.string().trim().min(1).max(255),
  description: z.string().max(bodyLengthMax).default(''),
  /** Absent: the project's default column, as for `task.create`. */
  statusId: entityId.optional(),
  priority: z.enum(priorityIds).default('none'),
  dueDate: calendarDate.nullable().default(null),
  assigneeIds: z.array(entityId).max(taskAssigneesMax).default([]),
  labelIds: z.array(entityId).max(taskLabelsMax).default([]),
});

/** The tasks of one import, bounded in count and in bytes. */
const importedTasksSchema = z
  .array(importedTaskSchema)
  .min(1)
  .max(importTasksMax)
  .refine(
    (tasks) => Buffer.byteLength(JSON.stringify(tasks)) <= importTasksBytesMax,
    `an import is at most ${importTasksBytesMax} bytes of tasks as JSON; split it`,
  );

/**
 * The fields of a task a partial update may change. `null` clears a nullable field; an absent
 * key leaves it as it is. Changing `statusId` moves the task to that column.
 */
export const taskChangesSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(255).optional(),
    description: z.string().max(bodyLengthMax).optional(),
    priority: z.enum(priorityIds).optional(),
    dueDate: calendarDate.nullable().optional(),
    startDate: calendarDate.nullable().optional(),
    parentId: entityId.nullable().optional(),
    statusId: entityId.optional(),
    position: position.optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'nothing to update');

/** A partial task update, as `task.update` and each item of `task.bulkUpdate` carry it. */
export const taskUpdateSchema = z.strictObject({
  taskId: entityId,
  expectedVersion,
  changes: taskChangesSchema,
});

const relation = z.strictObject({
  taskId: entityId,
  relatedTaskId: entityId,
  type: z.enum(taskRelationTypes),
});

/** Commands about tasks: cards, their columns, people, labels, links and subtasks. */
export const taskCommandSchemas = [
  commandSchema(
    'task.create',
    z.strictObject({
      taskId: entityId,
      projectId: entityId,
      /** Absent: apply picks the project's first unstarted column (else its first). */
      statusId: entityId.optional(),
      title: z.string().trim().min(1).max(255),
      description: z.string().max(bodyLengthMax).default(''),
      priority: z.enum(priorityIds).default('none'),
      dueDate: calendarDate.nullable().default(null),
      startDate: calendarDate.nullable().default(null),
      /**
       * Absent: apply appends at the bottom of the column, reading the column as of this
       * entry, so a proposer need not fence to learn the last position.
       */
      position: position.optional(),
      parentId: entityId.nullable().default(null),
      assigneeIds: z.array(entityId).max(taskAssigneesMax).default([]),
      labelIds: z.array(entityId).max(taskLabelsMax).default([]),
    }),
  ),
  commandSchema('task.update', taskUpdateSchema),
  commandSchema(
    'task.move',
    z.strictObject({ taskId: entityId, statusId: entityId, position, expectedVersion }),
  ),
  commandSchema('task.delete', z.strictObject({ taskId: entityId, expectedVersion })),
  commandSchema('task.assign', z.strictObject({ taskId: entityId, userId: entityId })),
  commandSchema('task.unassign', z.strictObject({ taskId: entityId, userId: entityId })),
  commandSchema(
    'task.setLabels',
    z.strictObject({ taskId: entityId, labelIds: z.array(entityId).max(taskLabelsMax) }),
  ),
  commandSchema('task.addRelation', relation),
  commandSchema('task.removeRelation', relation),
  /**
   * Creates many tasks of one project in one entry, all or nothing. Apply derives their ids
   * from the entry (`<index>-t<ordinal>`), so a large import carries no ids; each is appended
   * at the bottom of its column, in the order given.
   */
  commandSchema('task.import', z.strictObject({ projectId: entityId, tasks: importedTasksSchema })),
  commandSchema(
    'task.bulkUpdate',
    z.strictObject({ updates: z.array(taskUpdateSchema).min(1).max(bulkUpdateTasksMax) }),
  ),
] as const;
