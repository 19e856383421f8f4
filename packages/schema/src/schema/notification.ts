import {
  countNotifications,
  listNotifications,
  type NotificationRow,
  notificationsByIds,
} from '@raftboard/db/queries/activity';
import { requireViewer } from '../auth/access.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput } from '../errors.ts';
import { offsetConnection } from '../read/connection.ts';
import { propose } from '../write/propose.ts';
import { loadProject, Project } from './project.ts';
import { consistencyArgs, fence } from './read-consistency.ts';
import { loadTasks, Task, totalCountConnection } from './task.ts';

/** Bound on the notifications one markNotificationsRead names (packages/db allows 500). */
export const markReadIdsMax = 500;

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
  description: 'A mention, an assignment, a membership or a due date: yours only.',
  id: { resolve: (notification) => notification.id },
  authScopes: (notification, context) => notification.userId === context.viewer?.userId,
  loadMany: (ids, context) => loadNotifications(context, ids),
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'e.g. comment.mentioned, task.assigned.' }),
    index: t.exposeInt('logIndex', { description: 'Log index of the change that made it.' }),
    payload: t.expose('payload', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    project: t.field({
      type: Project,
      nullable: true,
      resolve: (n, _args, context) => (n.projectId ? loadProject(context, n.projectId) : null),
    }),
    task: t.field({
      type: Task,
      nullable: true,
      resolve: async (n, _args, context) =>
        n.taskId ? ((await loadTasks(context, [n.taskId]))[0] ?? null) : null,
    }),
  }),
});

builder.queryField('notifications', (t) =>
  t.connection(
    {
      type: Notification,
      description: 'Your notifications, newest first.',
      args: { ...consistencyArgs, unreadOnly: t.arg.boolean({ required: false }) },
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
    totalCountConnection,
  ),
);

const MarkNotificationsReadPayload = builder
  .objectRef<{ index: number; marked: number }>('MarkNotificationsReadPayload')
  .implement({
    fields: (t) => ({
      success: t.boolean({ resolve: () => true }),
      index: t.exposeInt('index'),
      marked: t.exposeInt('marked', { description: 'How many were unread and now are read.' }),
    }),
  });

builder.mutationField('markNotificationsRead', (t) =>
  t.field({
    type: MarkNotificationsReadPayload,
    description: 'Marks the given notifications (or all of yours with `all: true`) read.',
    args: {
      ids: t.arg.globalIDList({ required: false, for: Notification }),
      all: t.arg.boolean({ required: false }),
      requestId: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      requireViewer(context.viewer, 'write');
      const ids = (args.ids ?? []).map((ref) => ref.id);
      if (args.all !== true && ids.length === 0) throw invalidInput('give ids or all: true');
      if (ids.length > markReadIdsMax) throw invalidInput(`at most ${markReadIdsMax} ids`);
      const committed = await propose(context, {
        type: 'notification.markRead',
        payload: args.all === true ? { all: true } : { notificationIds: ids },
        requestId: args.requestId,
      });
      return { index: committed.index, marked: Number(committed.result.marked ?? 0) };
    },
  }),
);
