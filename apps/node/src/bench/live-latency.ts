import { type BoardSession, createTask } from '../client/board.ts';
import { subscribeProjectEvents } from '../client/project-events.ts';
import { type LatencySummary, summarize } from './measure.ts';

/** Bound on how long the last writes' events may take to reach the subscriber. */
const eventWaitMsMax = 10_000;
const pollIntervalMs = 5;

/** What the live-event phase measured. */
export interface LiveLatency {
  writes: number;
  /** The writer's own createTask round trip, over the same writes. */
  acknowledgement: LatencySummary;
  /**
   * From the writer's acknowledgement to the `task.created` event for that task arriving at the
   * subscriber, over the writes whose event arrived; negative when the event came first.
   */
  eventAfterAcknowledgement: LatencySummary;
  /** Writes whose event had not arrived `eventWaitMsMax` after the last acknowledgement. */
  missing: number;
}

/**
 * One writer doing `writes` createTasks one after another through `writerUrl`, and a subscriber
 * on `subscriberUrl` (another node) reading the project's feed over SSE: how long after each
 * acknowledgement the change reaches a live client of another node. Both ends run in this
 * process, so one clock times both.
 */
export async function measureLiveLatency(options: {
  writerUrl: string;
  subscriberUrl: string;
  session: BoardSession;
  writes: number;
}): Promise<LiveLatency> {
  const { writerUrl, session } = options;
  const arrivedAt = new Map<string, number>();
  const feed = await subscribeProjectEvents(options.subscriberUrl, session, (message) => {
    if (message.event?.kind === 'task.created') {
      arrivedAt.set(message.event.entityId, performance.now());
    }
  });
  let feedError: unknown = null;
  feed.ended.catch((error: unknown) => {
    feedError = error ?? new Error('the feed ended');
  });
  const waitForEvents = async (ids: string[]) => {
    const deadline = performance.now() + eventWaitMsMax;
    while (ids.some((id) => !arrivedAt.has(id)) && performance.now() < deadline) {
      if (feedError) throw feedError;
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
    return ids.filter((id) => !arrivedAt.has(id)).length;
  };
  try {
    // The subscription is live once one write has come through it; only then start the clock.
    const warmUp = await createTask(writerUrl, session, 'live warm-up');
    if ((await waitForEvents([warmUp.id])) > 0) {
      throw new Error(`no task.created event reached ${options.subscriberUrl}`);
    }
    const acknowledgedAt = new Map<string, number>();
    const acknowledgements: number[] = [];
    for (let i = 0; i < options.writes && !feedError; i++) {
      const started = performance.now();
      const { id } = await createTask(writerUrl, session, `live ${i}`);
      const acknowledged = performance.now();
      acknowledgements.push(acknowledged - started);
      acknowledgedAt.set(id, acknowledged);
    }
    const missing = await waitForEvents([...acknowledgedAt.keys()]);
    const delays = [...acknowledgedAt].flatMap(([id, acknowledged]) => {
      const arrived = arrivedAt.get(id);
      return arrived === undefined ? [] : [arrived - acknowledged];
    });
    return {
      writes: acknowledgements.length,
      acknowledgement: summarize(acknowledgements),
      eventAfterAcknowledgement: summarize(delays),
      missing,
    };
  } finally {
    feed.close();
  }
}
