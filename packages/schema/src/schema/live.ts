import { readAppliedIndex } from '@raftboard/db/apply';
import { requireViewer } from '../auth/access.ts';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { invalidInput } from '../errors.ts';
import { closeOnReturn } from '../live/event-hub.ts';
import { backlogEventsMax, projectStream, type StreamMessage } from '../live/project-stream.ts';
import { Event } from './event.ts';
import { Project } from './project.ts';
import { fence } from './read-consistency.ts';
import { requireTask, Task } from './task/types.ts';

const StreamMessageType = builder.enumType('StreamMessageType', {
  description: 'What a change-feed message says.',
  values: {
    EVENT: { value: 'event', description: 'A committed change; `event` is set.' },
    RESYNC: {
      value: 'resync',
      description: [
        'The feed cannot replay every event since `after` (they were pruned, more than',
        `${backlogEventsMax} are missing, or you fell too far behind live): reload what you`,
        'show; the feed goes on from `index`. `event` is null. If the feed ends right after,',
        'subscribe again with `after: index`.',
      ].join(' '),
    },
    REVOKED: {
      value: 'revoked',
      description: 'You are no longer a member: the stream ends after this message.',
    },
  } as const,
});

const StreamMessageRef = builder.objectRef<StreamMessage>('StreamMessage').implement({
  description: 'One message of a change feed. Resume after a disconnect with `after: index`.',
  fields: (t) => ({
    type: t.field({
      type: StreamMessageType,
      description: 'What this message says.',
      resolve: (message) => message.type,
    }),
    index: t.exposeInt('index', {
      description: 'Log index the feed has reached; pass it as `after` to resume.',
    }),
    event: t.field({
      type: Event,
      nullable: true,
      description: 'The change, for EVENT messages; null otherwise.',
      resolve: (message) => message.event,
    }),
  }),
});

async function openStream(
  context: GraphQLContext,
  options: { projectId: string; after: number; matches: StreamMessageMatcher },
): Promise<AsyncIterable<StreamMessage>> {
  requireViewer(context.viewer, 'read');
  if (options.after < 0) throw invalidInput('after must be >= 0');
  const queue = context.hub.queue();
  try {
    await fence(context, { minIndex: options.after });
    const role = await context.access.require(options.projectId, 'viewer');
    const generator = projectStream(context, { ...options, role }, queue);
    return closeOnReturn(queue, generator);
  } catch (error) {
    queue.close();
    throw error;
  }
}

type StreamMessageMatcher = Parameters<typeof projectStream>[1]['matches'];

const afterDescription = [
  'Replay stored events after this log index first (the `index` of the last message or',
  'event you saw, or of a mutation payload). At least 0; this node first waits until it has',
  'applied it. Default: this node’s applied index, i.e. live events only.',
].join(' ');

builder.subscriptionField('projectEvents', (t) =>
  t.field({
    type: StreamMessageRef,
    description: [
      'Every change to a project: first the stored events after log index `after` (default:',
      'none), then live ones, with no gap and no duplicate, also across a reconnect to another',
      'node with the last `index` you saw. Starts with RESYNC when `after` is older than the',
      'retained events; ends with REVOKED when you are removed from the project.',
    ].join(' '),
    args: {
      projectId: t.arg.globalID({
        required: true,
        for: Project,
        description: 'The project; NOT_FOUND unless you are a member.',
      }),
      after: t.arg.int({ required: false, description: afterDescription }),
    },
    subscribe: async (_root, args, context) => {
      const after = args.after ?? (await readAppliedIndex(context.db));
      return openStream(context, { projectId: args.projectId.id, after, matches: () => true });
    },
    resolve: (message) => message,
  }),
);

builder.subscriptionField('taskEvents', (t) =>
  t.field({
    type: StreamMessageRef,
    description: [
      'Like projectEvents, for one task and its comments, attachments and share links. Ends',
      'with REVOKED when you are removed from the project.',
    ].join(' '),
    args: {
      taskId: t.arg.globalID({
        required: true,
        for: Task,
        description: 'The task; NOT_FOUND unless you can see it.',
      }),
      after: t.arg.int({ required: false, description: afterDescription }),
    },
    subscribe: async (_root, args, context) => {
      const task = await requireTask(context, args.taskId.id);
      const after = args.after ?? (await readAppliedIndex(context.db));
      return openStream(context, {
        projectId: task.projectId,
        after,
        matches: (event) =>
          (event.entityType === 'task' && event.entityId === task.id) ||
          event.payload.taskId === task.id,
      });
    },
    resolve: (message) => message,
  }),
);
