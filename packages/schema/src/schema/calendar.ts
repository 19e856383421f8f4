import { calendarFeedById, liveCalendarFeedsOfUser } from '@raftboard/db/queries/calendar-feeds';
import type { CalendarFeedRow } from '@raftboard/db/schema';
import { requireViewer } from '../auth/access.ts';
import { calendarFeedTokenPrefix, hashToken, newToken } from '../auth/tokens.ts';
import { builder } from '../builder.ts';
import { calendarFeedPath } from '../calendar/feed-path.ts';
import { invalidInput, notFound } from '../errors.ts';
import { decodeGlobalId, encodeGlobalId } from '../global-id.ts';
import { indexDescription, requestIdDescription, successDescription } from '../write/payload.ts';
import { propose } from '../write/propose.ts';
import { loadProject, Project } from './project.ts';
import { consistencyArgs, fence } from './read-consistency.ts';

const CalendarFeedKind = builder.enumType('CalendarFeedKind', {
  description: 'Which tasks a calendar feed shows.',
  values: {
    PROJECT: {
      value: 'project',
      description: 'The due dates of one project’s tasks, while you are a member of it.',
    },
    ASSIGNED: {
      value: 'assigned',
      description: 'The due dates of the tasks assigned to you, in every project you are in.',
    },
  } as const,
});

/** A calendar feed's metadata, as its owner sees it: never its token or the token's hash. */
export const CalendarFeed = builder.objectRef<CalendarFeedRow>('CalendarFeed').implement({
  description: [
    'A secret iCal URL of due dates that calendar apps subscribe to: one all-day event per task',
    'with a due date. Its token was shown once, in `createCalendarFeed`’s answer, and is never',
    'readable again; revoke a feed you no longer trust and create another.',
  ].join(' '),
  fields: (t) => ({
    id: t.id({
      description: 'Global id; pass it to `revokeCalendarFeed`.',
      resolve: (feed) => encodeGlobalId('CalendarFeed', feed.id),
    }),
    kind: t.field({
      type: CalendarFeedKind,
      description: 'Which tasks it shows.',
      resolve: (feed) => (feed.projectId === null ? 'assigned' : 'project'),
    }),
    project: t.field({
      type: Project,
      nullable: true,
      description: [
        'The project whose tasks it shows; null for an ASSIGNED feed, and once you are no',
        'longer a member of the project (the feed then answers 404 until you are again).',
      ].join(' '),
      resolve: (feed, _args, context) =>
        feed.projectId === null ? null : loadProject(context, feed.projectId),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null while it works.',
    }),
  }),
});

const CreateCalendarFeedPayload = builder
  .objectRef<{ index: number; token: string; calendarFeed: CalendarFeedRow | null }>(
    'CreateCalendarFeedPayload',
  )
  .implement({
    description: 'A new calendar feed and its secret URL.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      token: t.exposeString('token', {
        description: [
          'The feed’s secret (`rbc_…`), shown only in this answer: only its hash is stored.',
          'Whoever holds it reads the feed, without an account, until it is revoked.',
        ].join(' '),
      }),
      path: t.string({
        description: [
          'Where the feed is served, `/calendar/<token>.ics`, on the public URL of any node',
          '(e.g. `https://board.example.com/calendar/rbc_….ics`). Give the full URL to any',
          'calendar app that subscribes to an iCal URL. Shown only in this answer.',
        ].join(' '),
        resolve: (payload) => calendarFeedPath(payload.token),
      }),
      calendarFeed: t.field({
        type: CalendarFeed,
        nullable: true,
        description: 'The feed’s metadata.',
        resolve: (payload) => payload.calendarFeed,
      }),
    }),
  });

const RevokeCalendarFeedPayload = builder
  .objectRef<{ index: number; calendarFeed: CalendarFeedRow | null }>('RevokeCalendarFeedPayload')
  .implement({
    description: 'The feed is revoked: every node answers 404 for its URL.',
    fields: (t) => ({
      success: t.boolean({ resolve: () => true, description: successDescription }),
      index: t.exposeInt('index', { description: indexDescription }),
      calendarFeed: t.field({
        type: CalendarFeed,
        nullable: true,
        description: 'The feed’s metadata, now with `revokedAt` set.',
        resolve: (payload) => payload.calendarFeed,
      }),
    }),
  });

builder.queryField('calendarFeeds', (t) =>
  t.field({
    type: [CalendarFeed],
    description: 'Your calendar feeds that work (not revoked), oldest first. Never their tokens.',
    args: consistencyArgs,
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer, 'read');
      await fence(context, args);
      return liveCalendarFeedsOfUser(context.db, viewer.userId);
    },
  }),
);

builder.mutationField('createCalendarFeed', (t) =>
  t.field({
    type: CreateCalendarFeedPayload,
    description: [
      'Creates a secret, revocable iCal URL of due dates: a project’s tasks (any member,',
      'viewers included), or without `projectId` the tasks assigned to you. At most 20 working',
      'feeds each (BAD_USER_INPUT beyond). The token is in the answer only.',
    ].join(' '),
    args: {
      projectId: t.arg.globalID({
        required: false,
        for: Project,
        description: 'The project whose tasks it shows. Omit it for the tasks assigned to you.',
      }),
      requestId: t.arg.string({
        required: false,
        description: [
          'Idempotency key (a UUIDv7, as every mutation’s `requestId`). The token cannot be',
          'shown twice, so a retry with a requestId that already created a feed fails with',
          'BAD_USER_INPUT and creates nothing: list `calendarFeeds` to see whether the first',
          'attempt went through.',
        ].join(' '),
      }),
    },
    resolve: async (_root, args, context) => {
      requireViewer(context.viewer, 'write');
      const projectId = args.projectId?.id ?? null;
      if (projectId !== null) await context.access.require(projectId, 'viewer');
      const token = newToken(calendarFeedTokenPrefix);
      const feedId = context.newId();
      const committed = await propose(context, {
        type: 'calendarFeed.create',
        payload: { feedId, projectId, tokenHash: hashToken(token) },
        requestId: args.requestId,
      });
      if (committed.result.feedId !== feedId) {
        throw invalidInput(
          'this requestId already created a calendar feed; its token was shown then',
        );
      }
      const calendarFeed = (await calendarFeedById(context.db, feedId)) ?? null;
      return { index: committed.index, token, calendarFeed };
    },
  }),
);

builder.mutationField('revokeCalendarFeed', (t) =>
  t.field({
    type: RevokeCalendarFeedPayload,
    description: [
      'Revokes one of your calendar feeds: every node answers 404 for its URL from the moment',
      'it applies the change. NOT_FOUND for a feed that is not yours.',
    ].join(' '),
    args: {
      id: t.arg.id({ required: true, description: 'The `CalendarFeed.id` to revoke.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer, 'write');
      const { typename, id } = decodeGlobalId(String(args.id));
      const feed = typename === 'CalendarFeed' ? await calendarFeedById(context.db, id) : undefined;
      if (!feed || feed.userId !== viewer.userId) throw notFound('calendar feed not found');
      const committed = await propose(context, {
        type: 'calendarFeed.revoke',
        payload: { feedId: id },
        requestId: args.requestId,
      });
      const calendarFeed = (await calendarFeedById(context.db, id)) ?? null;
      return { index: committed.index, calendarFeed };
    },
  }),
);
