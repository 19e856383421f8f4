import { randomUUID } from 'node:crypto';
import type { Database } from '@raftboard/db/client';
import { openSnapshotReader, type SnapshotHeader } from '@raftboard/db/snapshot';
import { SnapshotBusyError, type SnapshotStaging } from '@raftboard/db/snapshot-staging';
import { type Message, parseMessage, type SnapshotMessage } from '@raftboard/raft';
import type { Logger } from '../logger.ts';

/**
 * The peer events of a snapshot stream, called in order with an answer awaited for each:
 * begin (the header), rows (one bounded batch), end (the row count).
 */
export const snapshotEvents = ['snapshot-begin', 'snapshot-rows', 'snapshot-end'] as const;
type SnapshotEvent = (typeof snapshotEvents)[number];

/** How long a receiver may take over one part of a stream (a batch's INSERT, the DDL at begin). */
const partTimeoutMs = 60_000;
/**
 * After a stream to a peer completed, the core may ask for the same snapshot again before the
 * peer's answer to it arrives (it resends while it hears nothing): for this long such a request
 * is taken as that resend, not as a reason to stream everything again.
 */
const deliveredGraceMs = 10_000;

/** Calls a peer and waits for its answer: PeerTransport.request. */
type Request = (
  to: string,
  event: SnapshotEvent,
  payload: unknown,
  timeoutMs: number,
) => Promise<unknown>;

/** Counters the node exports as metrics. */
export interface SnapshotTransferCounters {
  streamsSent: number;
  streamsFailed: number;
  rowsSent: number;
  streamsReceived: number;
}

/**
 * The leader's side of InstallSnapshot, out of band as etcd does it. The core asks for a
 * snapshot with an empty `snapshot` message (MySQL storage holds no snapshot data); instead
 * of that message, this streams the state machine as of one consistent read to the peer, in
 * bounded batches, each sent only once the peer has loaded the one before (backpressure), so
 * neither side ever holds more than a batch. The snapshot's point is the read's applied point,
 * at or past the core's compaction point, with the term and membership the same read sees (etcd
 * merges its snapshot message with the current backend the same way). The peer's core gets the
 * message once everything is staged there; its answer moves the leader's progress on.
 *
 * One stream per peer at a time; the core's resends meanwhile are dropped.
 */
export class SnapshotSender {
  readonly counters: SnapshotTransferCounters;
  /** Peers being streamed to, with the index their stream is at (0 while it opens). */
  private readonly streaming = new Map<string, number>();
  private readonly delivered = new Map<string, { index: number; atMs: number }>();

  constructor(
    private readonly options: {
      db: Database;
      request: Request;
      logger: Logger;
      counters: SnapshotTransferCounters;
    },
  ) {
    this.counters = options.counters;
  }

  /** True while a stream to some peer is open. */
  get busy(): boolean {
    return this.streaming.size > 0;
  }

  /** The core sent `message`: stream a snapshot to its recipient unless one is on its way. */
  offer(message: SnapshotMessage): void {
    const to = message.to;
    if (this.streaming.has(to)) return;
    const last = this.delivered.get(to);
    const resend = last && last.index >= message.metadata.index;
    if (resend && Date.now() - last.atMs < deliveredGraceMs) return;
    this.streaming.set(to, 0);
    const startedMs = Date.now();
    this.stream(to, message.term)
      .then(
        ({ index, rows }) => {
          this.counters.streamsSent++;
          this.delivered.set(to, { index, atMs: Date.now() });
          this.options.logger.info('raft.snapshot-sent', {
            to,
            index,
            rows,
            ms: Date.now() - startedMs,
          });
        },
        (error: unknown) => {
          this.counters.streamsFailed++;
          this.options.logger.warn('raft.snapshot-send-failed', {
            to,
            error: error instanceof Error ? error.message : String(error),
          });
        },
      )
      .finally(() => this.streaming.delete(to));
  }

  /**
   * The lowest index a stream in progress is at. Compaction stays at or below it, so the peer
   * finds the entries after its snapshot still in the log when it is done.
   */
  floor(): number {
    return Math.min(Number.POSITIVE_INFINITY, ...this.streaming.values());
  }

  private async stream(to: string, term: number): Promise<{ index: number; rows: number }> {
    const reader = await openSnapshotReader(this.options.db);
    try {
      const { header } = reader;
      this.streaming.set(to, header.metadata.index);
      const streamId = randomUUID();
      await this.call(to, 'snapshot-begin', { streamId, term, header });
      let rows = 0;
      for await (const batch of reader.batches()) {
        await this.call(to, 'snapshot-rows', { streamId, ...batch });
        rows += batch.rows.length;
        this.counters.rowsSent += batch.rows.length;
      }
      await this.call(to, 'snapshot-end', { streamId, rows });
      return { index: header.metadata.index, rows };
    } finally {
      await reader.close();
    }
  }

  private async call(to: string, event: SnapshotEvent, payload: unknown): Promise<void> {
    const answer = (await this.options.request(to, event, payload, partTimeoutMs)) as {
      error?: unknown;
    } | null;
    if (answer?.error !== undefined) throw new Error(`${to}: ${String(answer.error)}`);
  }
}

/** A stream being received: who sends it and what its header said. */
interface Incoming {
  from: string;
  term: number;
  header: SnapshotHeader;
}

function text(value: unknown, lengthMax: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > lengthMax) {
    throw new Error('malformed snapshot stream part');
  }
  return value;
}

/**
 * The follower's side: loads a leader's stream into `SnapshotStaging`, and once it is complete
 * hands the core the snapshot message, whose data is the staged copy's handle. The core then
 * decides, as for any snapshot, whether to install it (`Ready.snapshot`, which the log store
 * installs from staging) or whether it already has those entries.
 */
export class SnapshotReceiver {
  private readonly incoming = new Map<string, Incoming>();

  constructor(
    private readonly options: {
      selfId: string;
      staging: SnapshotStaging;
      /** Hands a message to the core (the driver's inbox). */
      deliver: (message: Message) => void;
      logger: Logger;
      counters: SnapshotTransferCounters;
    },
  ) {}

  /** True while a peer's stream is being received. */
  get busy(): boolean {
    return this.incoming.size > 0;
  }

  /** Answers one part of a peer's stream: `{ ok: true }`, or throws what went wrong. */
  async answer(peerId: string, event: string, payload: unknown): Promise<unknown> {
    const part = (payload ?? {}) as Record<string, unknown>;
    const streamId = text(part.streamId, 64);
    if (event === 'snapshot-begin') await this.begin(peerId, streamId, part);
    else if (event === 'snapshot-rows') await this.rows(peerId, streamId, part);
    else if (event === 'snapshot-end') await this.end(peerId, streamId, part);
    else throw new Error(`unknown snapshot stream part ${event}`);
    return { ok: true };
  }

  private async begin(from: string, streamId: string, part: Record<string, unknown>) {
    const header = part.header as SnapshotHeader;
    // The core's own parser checks the term and metadata the message will carry.
    const checked = parseMessage(this.message(from, streamId, part.term, header));
    if (checked?.type !== 'snapshot') throw new Error('malformed snapshot header');
    try {
      await this.options.staging.begin(streamId, header);
    } catch (error) {
      if (error instanceof SnapshotBusyError) throw error;
      this.options.logger.warn('raft.snapshot-refused', { from, error: (error as Error).message });
      throw error;
    }
    this.incoming.clear();
    this.incoming.set(streamId, { from, term: checked.term, header });
  }

  private async rows(from: string, streamId: string, part: Record<string, unknown>) {
    this.sender(from, streamId);
    await this.options.staging.write(streamId, {
      table: text(part.table, 64),
      rows: part.rows as never,
    });
  }

  private async end(from: string, streamId: string, part: Record<string, unknown>) {
    const incoming = this.sender(from, streamId);
    const rows = part.rows;
    if (typeof rows !== 'number' || !Number.isSafeInteger(rows)) throw new Error('malformed end');
    const handle = await this.options.staging.finish(streamId, rows);
    this.incoming.delete(streamId);
    this.options.counters.streamsReceived++;
    this.options.logger.info('raft.snapshot-received', {
      from,
      index: incoming.header.metadata.index,
      rows,
    });
    const message = parseMessage(this.message(from, handle, incoming.term, incoming.header));
    if (message) this.options.deliver(message);
  }

  private sender(from: string, streamId: string): Incoming {
    const incoming = this.incoming.get(streamId);
    if (!incoming || incoming.from !== from) {
      throw new Error(`snapshot stream ${streamId} is not the one being received`);
    }
    return incoming;
  }

  /** The core's snapshot message for a stream: one whole chunk whose data is `data`. */
  private message(from: string, data: string, term: unknown, header: SnapshotHeader) {
    return {
      type: 'snapshot',
      from,
      to: this.options.selfId,
      term,
      metadata: header?.metadata,
      offset: 0,
      data,
      done: true,
    };
  }
}
