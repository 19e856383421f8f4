import { notificationKinds } from '@raftboard/db/notification-kinds';
import { usersByIds } from '@raftboard/db/queries/auth';
import { emailChoicesOf, followedAmong } from '@raftboard/db/queries/follows';
import { requireViewer } from '../auth/access.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { indexDescription, requestIdDescription, successDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import { TaskPayload, taskPayload } from './task/mutations.ts';
import { requireTask, Task } from './task/types.ts';

interface KindSetting {
  kind: string;
  description: string;
  email: boolean;
  emailByDefault: boolean;
}

interface Settings {
  emailDigest: boolean;
  kinds: KindSetting[];
}

/** The viewer's settings: digest or not, and for every kind whether it emails. */
async function settingsOf(context: GraphQLContext): Promise<Settings> {
  const viewer = requireViewer(context.viewer, 'read');
  const [user] = await usersByIds(context.db, [viewer.userId]);
  const choices = await emailChoicesOf(context.db, viewer.userId);
  return {
    emailDigest: user?.emailDigest ?? false,
    kinds: Object.entries(notificationKinds).map(([kind, about]) => ({
      kind,
      description: about.description,
      email: choices.get(kind) ?? about.emailByDefault,
      emailByDefault: about.emailByDefault,
    })),
  };
}

const KindSettingRef = builder.objectRef<KindSetting>('NotificationKindSetting').implement({
  description: 'One kind of notification and whether it also sends you an email.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'The kind, as `Notification.kind` names it.' }),
    description: t.exposeString('description', { description: 'What it tells you, in a line.' }),
    email: t.exposeBoolean('email', {
      description: 'Whether it emails you (unless you take the daily digest).',
    }),
    emailByDefault: t.exposeBoolean('emailByDefault', {
      description: 'Whether it emails people who have not chosen.',
    }),
  }),
});

const SettingsRef = builder.objectRef<Settings>('NotificationSettings').implement({
  description: 'How notifications reach you besides the app.',
  fields: (t) => ({
    emailDigest: t.exposeBoolean('emailDigest', {
      description: [
        'True: one email a day (from 07:00 UTC) lists the last day’s notifications, and no',
        'other email is sent. Email needs the cluster’s SMTP relay to be configured.',
      ].join(' '),
    }),
    kinds: t.field({
      type: [KindSettingRef],
      description: 'Every kind of notification, with your choice.',
      resolve: (settings) => settings.kinds,
    }),
  }),
});

const SettingsPayload = builder
  .objectRef<{ index: number; settings: Settings }>('NotificationSettingsPayload')
  .implement({
    description: 'Your notification settings after the change.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      settings: t.field({
        type: SettingsRef,
        description: 'Your settings as this node has them right after the change.',
        resolve: (payload) => payload.settings,
      }),
    }),
  });

builder.queryField('notificationSettings', (t) =>
  t.field({
    type: SettingsRef,
    description: 'Your notification settings. Needs a token.',
    resolve: (_root, _args, context) => settingsOf(context),
  }),
);

builder.mutationField('setNotificationEmail', (t) =>
  t.field({
    type: SettingsPayload,
    description: 'Chooses whether one kind of notification also emails you.',
    args: {
      kind: t.arg.string({
        required: true,
        description: 'A kind from `notificationSettings.kinds` (BAD_USER_INPUT otherwise).',
      }),
      email: t.arg.boolean({ required: true, description: 'True to get the email.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const committed = await propose(context, {
        type: 'notification.setPreference',
        payload: { kind: args.kind, email: args.email },
        requestId: args.requestId,
      });
      return { index: committed.index, settings: await settingsOf(context) };
    },
  }),
);

builder.mutationField('setEmailDigest', (t) =>
  t.field({
    type: SettingsPayload,
    description: 'Takes one digest email a day instead of an email per notification, or stops.',
    args: {
      enabled: t.arg.boolean({ required: true, description: 'True for the daily digest.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const committed = await propose(context, {
        type: 'user.update',
        payload: { emailDigest: args.enabled },
        requestId: args.requestId,
      });
      return { index: committed.index, settings: await settingsOf(context) };
    },
  }),
);

builder.objectField(Task, 'following', (t) =>
  t.boolean({
    description: 'Whether you follow it: you hear of its comments and column changes.',
    resolve: async (task, _args, context) => {
      const viewer = context.viewer;
      if (viewer === null) return false;
      return (await followedAmong(context.db, viewer.userId, [task.id])).has(task.id);
    },
  }),
);

for (const [name, type, description] of [
  [
    'followTask',
    'task.follow',
    'Follows a task: its comments and column changes notify you. Anyone who reads the task.',
  ],
  [
    'unfollowTask',
    'task.unfollow',
    'Stops following a task: its comments and column changes no longer notify you.',
  ],
] as const) {
  builder.mutationField(name, (t) =>
    t.field({
      type: TaskPayload,
      description,
      args: {
        taskId: t.arg.globalID({ required: true, for: Task, description: 'The task.' }),
        requestId: t.arg.string({ required: false, description: requestIdDescription }),
      },
      resolve: async (_root, args, context) => {
        const task = await requireTask(context, args.taskId.id);
        await context.access.require(task.projectId, 'viewer');
        const committed = await propose(context, {
          type,
          payload: { taskId: task.id },
          requestId: args.requestId,
        });
        return taskPayload(context, committed.index, task.id);
      },
    }),
  );
}
