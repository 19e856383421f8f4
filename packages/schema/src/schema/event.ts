import {
  countProjectEvents,
  countTaskEvents,
  listProjectEvents,
  listTaskEvents,
} from '@raftboard/db/queries/activity';
import type { EventRow } from '@raftboard/db/schema';
import { builder } from '../builder.ts';
import { encodeEntityId } from '../global-id.ts';
import { eventForRole } from '../live/event-visibility.ts';
import { itemEdge, offsetConnection, totalCountConnection } from '../read/connection.ts';
import { Project } from './project.ts';
import { loadTasks, Task } from './task/types.ts';
import { User } from './user.ts';

/**
 * The raw id of the task an event concerns: the entity of task.* events, else the `taskId` its
 * payload names (comments, attachments, task share links). The same rule `Task.history` uses.
 */
export function taskIdOfEvent(event: EventRow): string | null {
  if (event.entityType === 'task') return event.entityId;
  const { taskId } = event.payload;
  return typeof taskId === 'string' ? taskId : null;
}

/** One committed change, as the events table recorded it. */
export const Event = builder.objectRef<EventRow>('Event').implement({
  description: [
    'One committed change to a project. `index` is the Raft log index: the cursor of every',
    'change feed (`after`) and a valid `minIndex`. Ids inside `payload` are raw database ids.',
    'Members of the project read its events.',
  ].join(' '),
  authScopes: (event, context) =>
    event.projectId === null ? false : context.access.canRead(event.projectId),
  fields: (t) => ({
    index: t.exposeInt('logIndex', {
      description: 'Log index of the entry that made it; several events may share one.',
    }),
    ordinal: t.exposeInt('ordinal', {
      description: 'Position within that entry: (index, ordinal) orders all events.',
    }),
    projectSeq: t.exposeInt('projectSeq', {
      nullable: true,
      description: 'The project’s own gapless sequence number (1, 2, 3…).',
    }),
    kind: t.exposeString('kind', {
      description: [
        'What happened, `<entity>.<verb>`: e.g. project.updated, status.created,',
        'task.created, task.updated, task.moved, task.assigned, task.deleted, comment.added,',
        'attachment.added, member.added, shareLink.created. More may come.',
      ].join(' '),
    }),
    entityType: t.exposeString('entityType', {
      description: [
        'What kind of thing changed: project, status, label, task, comment, attachment,',
        'member, shareLink…',
      ].join(' '),
    }),
    entityId: t.id({
      description: 'Global id of the entity (raw id for types without one).',
      resolve: (event) => encodeEntityId(event.entityType, event.entityId),
    }),
    at: t.expose('at', {
      type: 'DateTime',
      description: 'When it happened, by the clock of the node that proposed it.',
    }),
    payload: t.expose('payload', {
      type: 'JSON',
      description: [
        'Details of the change, shaped by `kind` (e.g. `{ changes: { title: { from, to } } }`).',
        'Share-link and webhook events read `{ redacted: true }` below the admin role.',
      ].join(' '),
    }),
    task: t.field({
      type: Task,
      nullable: true,
      description: [
        'The task this event concerns (the entity of task.* events; the task of a comment,',
        'attachment or share link event), as it is now; null when it is gone or you cannot',
        'see it.',
      ].join(' '),
      resolve: async (event, _args, context) => {
        const taskId = taskIdOfEvent(event);
        if (taskId === null) return null;
        const [task] = await loadTasks(context, [taskId]);
        return task ?? null;
      },
    }),
    actor: t.field({
      type: User,
      nullable: true,
      description: 'Who did it; null for the cluster itself or people you cannot see.',
      resolve: async (event, _args, context) => {
        if (!(await context.access.canSeeUser(event.actorId))) return null;
        return context.loaders.user.get(event.actorId);
      },
    }),
  }),
});

builder.objectField(Project, 'events', (t) =>
  t.connection(
    {
      type: Event,
      description: 'The project’s change history, oldest first, after log index `afterIndex`.',
      args: {
        afterIndex: t.arg.int({
          required: false,
          defaultValue: 0,
          description: 'Only events of later log entries. Default 0: from the start.',
        }),
      },
      resolve: async (project, args, context) => {
        const role = await context.access.require(project.id, 'viewer');
        const afterIndex = Math.max(0, args.afterIndex ?? 0);
        return offsetConnection(
          args,
          () => countProjectEvents(context.db, project.id, afterIndex),
          async (page) =>
            (await listProjectEvents(context.db, project.id, { afterIndex, ...page })).map((e) =>
              eventForRole(e, role),
            ),
        );
      },
    },
    totalCountConnection('a project’s events'),
    itemEdge('One event'),
  ),
);

builder.objectField(Task, 'history', (t) =>
  t.connection(
    {
      type: Event,
      description: [
        'Changes to this task and to its comments, attachments and share links, oldest first,',
        'paged.',
      ].join(' '),
      resolve: async (task, args, context) => {
        const role = await context.access.require(task.projectId, 'viewer');
        return offsetConnection(
          args,
          () => countTaskEvents(context.db, task.projectId, task.id),
          async (page) =>
            (await listTaskEvents(context.db, task.projectId, task.id, page)).map((e) =>
              eventForRole(e, role),
            ),
        );
      },
    },
    totalCountConnection('a task’s events'),
    itemEdge('One event'),
  ),
);
