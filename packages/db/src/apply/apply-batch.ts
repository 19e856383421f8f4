import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Transaction } from '../client.ts';
import { type EventRow, events } from '../schema/events.ts';
import { processedRequests, processedRequestsHorizon } from '../schema/processed-requests.ts';
import { projects } from '../schema/projects.ts';
import { type WebhookRow, webhooks } from '../schema/webhooks.ts';
import { changesProjects, changesWebhooks } from './command-kinds.ts';
import type { CommandOutcome } from './outcome.ts';
import { readForgottenBefore, requestIdRefusal, requestMadeAt } from './processed-requests.ts';
import { ProjectMemo } from './project-memo.ts';

/** Bound on the rows one deferred INSERT carries. */
export const deferredInsertRowsMax = 500;

type ProcessedRow = typeof processedRequests.$inferInsert;

function requestKey(actorId: string, requestId: string): string {
  return `${actorId}\u0000${requestId}`;
}

async function insertInGroups<Row>(
  rows: readonly Row[],
  insert: (group: Row[]) => Promise<unknown>,
) {
  for (let start = 0; start < rows.length; start += deferredInsertRowsMax) {
    await insert(rows.slice(start, start + deferredInsertRowsMax));
  }
}

/**
 * What one apply transaction defers to its end, to save round trips per entry: event rows,
 * processed request ids and project event sequences, plus a cache of webhooks by project.
 * Only rows no handler reads are deferred (notifications and outbox rows are written at once),
 * so a batch leaves exactly the rows single-entry transactions would.
 */
export class ApplyBatch {
  readonly events: EventRow[] = [];
  /** How many of `events` are in the table already (`writeEvents`). */
  private eventsWritten = 0;
  private readonly processed = new Map<string, CommandOutcome>();
  private readonly processedRows: ProcessedRow[] = [];
  /** How many of `processedRows` are in the table already (`writeProcessed`). */
  private processedWritten = 0;
  /** `processed_requests_horizon`, read with the prefetch or at the first command's check. */
  private forgottenBeforeMs: number | null = null;
  /** Outcomes applied before this batch, for the keys `prefetchProcessed` was given. */
  private readonly stored = new Map<string, CommandOutcome>();
  private prefetched = false;
  private readonly lastSeqs = new Map<string, number>();
  private readonly webhooksByProject = new Map<string, WebhookRow[]>();
  /** Projects, roles and columns the batch's commands read, for the commands after them. */
  readonly projects = new ProjectMemo();

  /**
   * @param savepointsFrom commands at this index or later run in a savepoint of their own;
   *   earlier ones run without (see `applyEntries`).
   */
  constructor(
    private readonly tx: Transaction,
    readonly savepointsFrom: number,
  ) {}

  /**
   * Loads which of these requests were applied before this batch, and the horizon of forgotten
   * request ids with them (the same round trip), in one query per `deferredInsertRowsMax` keys,
   * so `findProcessed` and `requestIdRefusal` need no round trip per entry.
   */
  async prefetchProcessed(keys: readonly { actorId: string; requestId: string }[]): Promise<void> {
    const wanted = new Set(keys.map((key) => requestKey(key.actorId, key.requestId)));
    for (let start = 0; start < keys.length; start += deferredInsertRowsMax) {
      const group = keys.slice(start, start + deferredInsertRowsMax);
      const rows = await this.tx
        .select({ horizon: processedRequestsHorizon, processed: processedRequests })
        .from(processedRequestsHorizon)
        .leftJoin(
          processedRequests,
          and(
            inArray(processedRequests.actorId, [...new Set(group.map((key) => key.actorId))]),
            inArray(processedRequests.requestId, [...new Set(group.map((key) => key.requestId))]),
          ),
        )
        .where(eq(processedRequestsHorizon.id, 1));
      for (const { horizon, processed } of rows) {
        this.forgottenBeforeMs ??= horizon.forgottenBefore.getTime();
        if (processed === null) continue;
        const key = requestKey(processed.actorId, processed.requestId);
        if (wanted.has(key)) this.stored.set(key, processed.outcome);
      }
    }
    this.prefetched = true;
  }

  /**
   * The instant before which request ids may have been forgotten. No cached outcome needs
   * dropping when a prune moves it: a request made before it is refused before it is looked up.
   */
  async forgottenBefore(): Promise<number> {
    this.forgottenBeforeMs ??= await readForgottenBefore(this.tx);
    return this.forgottenBeforeMs;
  }

  /** Records that a prune moved the horizon to `forgottenBeforeMs`. */
  movedForgottenBefore(forgottenBeforeMs: number): void {
    this.forgottenBeforeMs = forgottenBeforeMs;
  }

  /** Why apply refuses this request id at replicated time `at`, or null (`requestIdRefusal`). */
  async requestIdRefusal(requestId: string, at: Date): Promise<string | null> {
    const forgottenBeforeMs = await this.forgottenBefore();
    return requestIdRefusal(requestId, { nowMs: at.getTime(), forgottenBeforeMs });
  }

  /** The first outcome of (actor, request id) in this batch or before it, or null. */
  async findProcessed(actorId: string, requestId: string): Promise<CommandOutcome | null> {
    const key = requestKey(actorId, requestId);
    const found = this.processed.get(key) ?? this.stored.get(key);
    if (found) return found;
    if (this.prefetched) return null;
    const [row] = await this.tx
      .select({ outcome: processedRequests.outcome })
      .from(processedRequests)
      .where(
        and(eq(processedRequests.actorId, actorId), eq(processedRequests.requestId, requestId)),
      );
    return row ? row.outcome : null;
  }

  /** Remembers the outcome of (actor, request id), applied at `outcome.index`. */
  recordProcessed(actorId: string, requestId: string, at: Date, outcome: CommandOutcome): void {
    this.processed.set(requestKey(actorId, requestId), outcome);
    const madeAt = requestMadeAt(requestId);
    this.processedRows.push({ actorId, requestId, at, madeAt, outcome, logIndex: outcome.index });
  }

  /**
   * Loads, in one query, what effects need of these projects and the batch does not know yet:
   * the newest event sequence (only for projects this batch has not numbered events of, since
   * the table's value is stale until `flush`) and the webhooks (unless cached).
   */
  async loadProjects(projectIds: readonly string[]): Promise<void> {
    const missing = [...new Set(projectIds)].filter(
      (id) => !this.lastSeqs.has(id) || !this.webhooksByProject.has(id),
    );
    if (missing.length === 0) return;
    const rows = await this.tx
      .select({ projectId: projects.id, lastEventSeq: projects.lastEventSeq, webhook: webhooks })
      .from(projects)
      .leftJoin(webhooks, eq(webhooks.projectId, projects.id))
      .where(inArray(projects.id, missing))
      .orderBy(asc(webhooks.id));
    const loaded = new Map<string, WebhookRow[]>();
    for (const { projectId, lastEventSeq, webhook } of rows) {
      if (!this.lastSeqs.has(projectId)) this.lastSeqs.set(projectId, lastEventSeq);
      const hooks = loaded.get(projectId) ?? [];
      if (webhook) hooks.push(webhook);
      loaded.set(projectId, hooks);
    }
    for (const id of missing) {
      if (!this.webhooksByProject.has(id)) this.webhooksByProject.set(id, loaded.get(id) ?? []);
    }
  }

  /** The sequence number of the project's newest event, this batch included (`loadProjects`). */
  lastSeq(projectId: string): number {
    const known = this.lastSeqs.get(projectId);
    if (known === undefined) throw new Error(`event for missing project ${projectId}`);
    return known;
  }

  /** Keeps a committed entry's events for the end of the batch. */
  acceptEvents(records: readonly EventRow[]): void {
    for (const record of records) {
      if (record.projectId !== null && record.projectSeq !== null) {
        this.lastSeqs.set(record.projectId, record.projectSeq);
      }
      this.events.push(record);
    }
  }

  /** The webhooks of these projects, by id (`loadProjects`; cached until `afterCommand`). */
  webhooksOf(projectIds: readonly string[]): WebhookRow[] {
    return projectIds.flatMap((id) => this.webhooksByProject.get(id) ?? []);
  }

  /**
   * Drops what the batch keeps that a command of `commandType` may have written: the
   * webhooks, or the projects, roles and columns. Call it after every command, whatever its
   * outcome.
   */
  afterCommand(commandType: string): void {
    if (changesWebhooks(commandType)) this.webhooksByProject.clear();
    if (changesProjects(commandType)) this.projects.forget();
  }

  /** Writes the deferred event rows not written yet (before something reads the table). */
  async writeEvents(): Promise<void> {
    const pending = this.events.slice(this.eventsWritten);
    this.eventsWritten = this.events.length;
    await insertInGroups(pending, (group) => this.tx.insert(events).values(group));
  }

  /** Writes the deferred request ids not written yet (before a prune deletes from the table). */
  async writeProcessed(): Promise<void> {
    const pending = this.processedRows.slice(this.processedWritten);
    this.processedWritten = this.processedRows.length;
    await insertInGroups(pending, (group) => this.tx.insert(processedRequests).values(group));
  }

  /** Writes the deferred rows: events, processed request ids, project sequences. */
  async flush(): Promise<void> {
    await this.writeEvents();
    await this.writeProcessed();
    const touched = new Set(this.events.flatMap((e) => (e.projectId ? [e.projectId] : [])));
    for (const projectId of [...touched].sort()) {
      const lastEventSeq = this.lastSeqs.get(projectId);
      if (lastEventSeq === undefined) continue;
      await this.tx.update(projects).set({ lastEventSeq }).where(eq(projects.id, projectId));
    }
  }
}
