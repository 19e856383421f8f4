import { readAppliedIndex } from '@raftboard/db/apply';
import { markReadNotificationsMax } from '@raftboard/db/commands';
import {
  countNotifications,
  listNotifications,
  notificationsAfter,
  notificationsByIds,
} from '@raftboard/db/queries/activity';
import type { NotificationRow } from '@raftboard/db/schema';
import { requireViewer } from '../auth/access.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput } from '../errors.ts';
import { closeOnReturn } from '../live/event-hub.ts';
import { itemEdge, offsetConnection, totalCountConnection } from '../read/connection.ts';
import { indexDescription, requestIdDescription, successDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import { loadProject, Project } from './project.ts';
import { consistencyArgs, fence } from './read-consistency.ts';
import { loadTasks, Task } from './task/types.ts';

/** Something a user should see. */
export const Notification = builder.objectRef<NotificationRow>('Notification');

async function loadNotifications(context: GraphQLContext, ids: readonly string[]) {
  const rows = await notificationsByIds(context.db, ids);
  const mine = new Map(
    rows.filter((row) => row.userId === context.viewer?.userId).map((row) => [row.id, row]),
  );
  return ids.map((id) => mine.get(id) ?? null);
}

builder.node(Notification, {
  description: [
    'Something that concerns you: a mention, an assignment, being added to a project, or a',
    'task of yours falling due. Only its recipient can read it.',
  ].join(' '),
  id: { resolve: (notification) => notification.id },
  authScopes: (notification, context) => notification.userId === context.viewer?.userId,
  loadMany: (ids, context) => loadNotifications(context, ids),
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description: [
        'What happened: comment.mentioned, task.assigned, project.memberAdded or task.dueSoon',
        '(more may come; treat unknown kinds generically).',
      ].join(' '),
    }),
    index: t.exposeInt('logIndex', {
      description: 'Log index of the change that made it; `notificationAdded(after:)` takes it.',
    }),
    payload: t.expose('payload', {
      type: 'JSON',
      description: [
        'Details of the kind, e.g. `{ title }` for task.assigned, `{ commentId, by }` for',
        'comment.mentioned, `{ role, by }` for project.memberAdded. Ids in it are raw database',
        'ids, not global ids.',
      ].join(' '),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    readAt: t.expose('readAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When you marked it read; null while unread.',
    }),
    project: t.field({
      type: Project,
      nullable: true,
      description: 'The project it is about; null when none, or you are no longer a member.',
      resolve: (n, _args, context) => (n.projectId ? loadProject(context, n.projectId) : null),
    }),
    task: t.field({
      type: Task,
      nullable: true,
      description: 'The task it is about; null when none, deleted, or no longer visible to you.',
      resolve: async (n, _args, context) =>
        n.taskId ? ((await loadTasks(context, [n.taskId]))[0] ?? null) : null,
    }),
  }),
});

builder.queryField('notifications', (t) =>
  t.connection(
    {
      type: Notification,
      description: 'Your notifications, newest first, paged. Needs a token.',
      args: {
        ...consistencyArgs,
        unreadOnly: t.arg.boolean({
          required: false,
          description: 'Only those not yet read. Default: false.',
        }),
      },
      resolve: async (_root, args, context) => {
        const viewer = requireViewer(context.viewer, 'read');
        await fence(context, args);
        const unreadOnly = args.unreadOnly ?? false;
        return offsetConnection(
          args,
          () => countNotifications(context.db, viewer.userId, unreadOnly),
          (page) => listNotifications(context.db, viewer.userId, { unreadOnly, ...page }),
        );
      },
    },
    totalCountConnection('your notifications'),
    itemEdge('One notification'),
  ),
);

const MarkNotificationsReadPayload = builder
  .objectRef<{ index: number; marked: number }>('MarkNotificationsReadPayload')
  .implement({
    description: 'How many notifications were marked read.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      marked: t.exposeInt('marked', { description: 'How many were unread and now are read.' }),
    }),
  });

builder.mutationField('markNotificationsRead', (t) =>
  t.field({
    type: MarkNotificationsReadPayload,
    description: [
      'Marks the given notifications, or all of yours with `all: true`, read. BAD_USER_INPUT',
      'when neither is given. Ids of notifications that are not yours are ignored.',
    ].join(' '),
    args: {
      ids: t.arg.globalIDList({
        required: false,
        for: Notification,
        description: `Notifications to mark, at most ${markReadNotificationsMax}.`,
      }),
      all: t.arg.boolean({
        required: false,
        description: 'True marks every unread notification of yours; `ids` is then ignored.',
      }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      requireViewer(context.viewer, 'write');
      const ids = (args.ids ?? []).map((ref) => ref.id);
      if (args.all !== true && ids.length === 0) throw invalidInput('give ids or all: true');
      if (ids.length > markReadNotificationsMax)
        throw invalidInput(`at most ${markReadNotificationsMax} ids`);
      const committed = await propose(context, {
        type: 'notification.markRead',
        payload: args.all === true ? { all: true } : { notificationIds: ids },
        requestId: args.requestId,
      });
      return { index: committed.index, marked: Number(committed.result.marked ?? 0) };
    },
  }),
);

builder.subscriptionField('notificationAdded', (t) =>
  t.field({
    type: Notification,
    description: [
      'Your notifications as they are created, oldest first: first those after log index',
      '`after`, then live ones. Needs a token.',
    ].join(' '),
    args: {
      after: t.arg.int({
        required: false,
        description: [
          'Start after this log index (a `Notification.index`). Default: this node’s applied',
          'index, i.e. only new ones.',
        ].join(' '),
      }),
    },
    subscribe: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer, 'read');
      const queue = context.hub.queue();
      const start = args.after ?? (await readAppliedIndex(context.db));
      async function* notifications() {
        let cursor = start;
        while (!queue.closed) {
          const fresh = await notificationsAfter(context.db, viewer.userId, cursor);
          for (const notification of fresh) {
            cursor = Math.max(cursor, notification.logIndex);
            yield notification;
          }
          if ((await queue.next()) === null) return;
        }
      }
      return closeOnReturn(queue, notifications());
    },
    resolve: (notification) => notification,
  }),
);
