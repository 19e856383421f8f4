import {
  latestProjectEvent,
  projectEventsAfter,
  projectSeqAt,
} from '@raftboard/db/queries/activity';
import { rolesOfUser } from '@raftboard/db/queries/projects';
import type { EventRow, ProjectRole } from '@raftboard/db/schema';
import type { GraphQLContext } from '../context.ts';
import type { LiveQueue } from './event-hub.ts';
import { eventForRole } from './event-visibility.ts';

/** Above every ordinal (a smallint unsigned): a cursor at a whole entry. */
const wholeEntryOrdinal = 65_535;

/** Events one backlog page reads. */
export const backlogPageEvents = 200;
/** Bound on the events replayed; a client further behind is told to RESYNC instead. */
export const backlogEventsMax = 10_000;

/** What a project change feed sends. */
export interface StreamMessage {
  type: 'event' | 'resync' | 'revoked';
  /** The log index this message stands at: resume with `after: index`. */
  index: number;
  event: EventRow | null;
}

/** Which project, from where, and which of its events. */
export interface StreamRequest {
  projectId: string;
  after: number;
  role: ProjectRole;
  matches: (event: EventRow) => boolean;
}

interface Cursor {
  index: number;
  ordinal: number;
}

function isAfter(event: EventRow, cursor: Cursor): boolean {
  return (
    event.logIndex > cursor.index ||
    (event.logIndex === cursor.index && event.ordinal > cursor.ordinal)
  );
}

/** True when the events right after `after` are no longer all stored (pruned). */
async function hasGap(context: GraphQLContext, projectId: string, after: number) {
  const [first] = await projectEventsAfter(context.db, projectId, { afterIndex: after }, 1);
  if (!first || first.projectSeq === null) return false;
  return first.projectSeq !== (await projectSeqAt(context.db, projectId, after)) + 1;
}

/**
 * Replays stored events after `request.after`, then streams live ones from `queue` (which the
 * caller subscribed BEFORE this reads anything), deduplicated by (index, ordinal): no gap, no
 * duplicate. Starts with RESYNC when the stored events no longer reach back to `after` or the
 * backlog passes `backlogEventsMax`; ends with REVOKED when the viewer leaves the project.
 */
export async function* projectStream(
  context: GraphQLContext,
  request: StreamRequest,
  queue: LiveQueue,
): AsyncGenerator<StreamMessage> {
  const state = {
    role: request.role,
    cursor: { index: request.after, ordinal: wholeEntryOrdinal },
  };
  if (await hasGap(context, request.projectId, request.after)) {
    yield* resync(context, request, state);
  } else {
    for (let replayed = 0; ; replayed += backlogPageEvents) {
      if (replayed >= backlogEventsMax) {
        yield* resync(context, request, state);
        break;
      }
      const page = await projectEventsAfter(
        context.db,
        request.projectId,
        { afterIndex: state.cursor.index, afterOrdinal: state.cursor.ordinal },
        backlogPageEvents,
      );
      for (const event of page) {
        const message = await consider(context, request, state, event);
        if (message) yield message;
        if (message?.type === 'revoked') return;
      }
      if (page.length < backlogPageEvents) break;
    }
  }
  for (;;) {
    const batch = await queue.next();
    if (batch === null) {
      if (queue.overflowed) yield { type: 'resync', index: state.cursor.index, event: null };
      return;
    }
    for (const event of batch.events) {
      if (event.projectId !== request.projectId) continue;
      const message = await consider(context, request, state, event);
      if (message) yield message;
      if (message?.type === 'revoked') return;
    }
  }
}

async function* resync(
  context: GraphQLContext,
  request: StreamRequest,
  state: { cursor: Cursor },
): AsyncGenerator<StreamMessage> {
  const last = await latestProjectEvent(context.db, request.projectId);
  if (last) state.cursor = { index: last.logIndex, ordinal: last.ordinal };
  yield { type: 'resync', index: state.cursor.index, event: null };
}

async function consider(
  context: GraphQLContext,
  request: StreamRequest,
  state: { role: ProjectRole; cursor: Cursor },
  event: EventRow,
): Promise<StreamMessage | null> {
  if (!isAfter(event, state.cursor)) return null;
  state.cursor = { index: event.logIndex, ordinal: event.ordinal };
  const viewerId = context.viewer?.userId;
  if (event.entityType === 'member' && event.entityId === viewerId) {
    context.access.forget();
    const roles = await rolesOfUser(context.db, viewerId, [request.projectId]);
    const role = roles.get(request.projectId);
    if (role === undefined && event.kind === 'member.removed') {
      return { type: 'revoked', index: event.logIndex, event: null };
    }
    if (role !== undefined) state.role = role;
  }
  if (!request.matches(event)) return null;
  return { type: 'event', index: event.logIndex, event: eventForRole(event, state.role) };
}
