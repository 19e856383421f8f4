import type { Database } from '@raftboard/db/client';
import type { PayloadOf } from '@raftboard/db/commands';
import { dueEmailMessages, dueWebhookMessages } from '@raftboard/db/queries/webhooks';
import type { OutboxRow } from '@raftboard/db/schema';
import { webhookBody } from '@raftboard/schema/integrations/webhook-body';
import {
  type WebhookTarget,
  type WebhookTargetGuard,
  WebhookTargetRefused,
} from '@raftboard/schema/integrations/webhook-target';
import type { Logger } from '../logger.ts';
import { type SendOutcome, sendWebhook, type WebhookRequest } from './webhook-sender.ts';

/** Bounded exponential backoff: the wait before attempt n + 1 is about base·2^(n−1), capped. */
export interface RetrySchedule {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait after failed attempt `attempt` (1-based): base·2^(attempt−1) capped at `maxMs`,
 * then "equal jitter": a random point in its upper half, so receivers that failed together do
 * not all come back at the same instant, and no wait is shorter than half its step.
 */
export function retryDelayMs(attempt: number, random: number, schedule: RetrySchedule): number {
  const step = Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * random);
}

export interface DelivererOptions {
  db: Database;
  /** True while this node leads: only the leader delivers. */
  isLeader(): boolean;
  /** Proposes `outbox.recordDelivery` as the system and resolves once it is applied here. */
  record(payload: PayloadOf<'outbox.recordDelivery'>): Promise<void>;
  guard: WebhookTargetGuard;
  retry: RetrySchedule;
  /** Bound on one attempt, connect to last byte. */
  timeoutMs: number;
  /** Attempts in flight at once, webhooks and email together. */
  concurrency: number;
  /**
   * Attempts in flight at once for one webhook (or for email, all of it through one relay): a
   * dead receiver holds no more slots than this.
   */
  perWebhook: number;
  /** Sends one email message; null when no SMTP relay is configured (email stays queued). */
  email: ((message: OutboxRow) => Promise<SendOutcome>) | null;
  /** How often due retries are looked for when nothing wakes the deliverer. */
  pollMs: number;
  logger: Logger;
  /** The clock and the jitter source; tests inject both. */
  now?: () => number;
  random?: () => number;
}

/** A due message, the group whose slots it takes, and how to make one attempt at it. */
interface DueAttempt {
  message: OutboxRow;
  group: string;
  send(): Promise<SendOutcome>;
}

/** The group all email shares: one relay. */
const emailGroup = 'email';

/**
 * The leader's delivery of webhooks and email (ARCHITECTURE.md, "Side effects"). Apply queues
 * outbox rows on every node; here, only on the leader, due rows are sent with bounded
 * concurrency, and every attempt's outcome goes back through Raft as `outbox.recordDelivery`,
 * so every node agrees on what was delivered and a new leader resumes exactly where the record
 * stands. Delivery is
 * at-least-once: an attempt whose record was lost with its leader is made again, under the same
 * delivery id. Nothing here runs on the Raft loop: a slow receiver costs a slot, not a tick.
 */
export class OutboxDeliverer {
  /** Outbox id → its group (webhook id, or email), for attempts not yet recorded. */
  private readonly inFlight = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private scanning = false;
  private rescan = false;
  private stopped = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: DelivererOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.timer = setInterval(() => void this.scan(), this.options.pollMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
  }

  /** Attempts started and not yet recorded. */
  get busy(): number {
    return this.inFlight.size;
  }

  /** Resolves once no attempt is in flight and no scan runs (tests step the clock with it). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0 || this.scanning) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Something may have been queued: look soon (coalesced, so a busy apply costs one scan). */
  wake(delayMs = 50): void {
    if (this.wakeTimer || this.stopped || !this.options.isLeader()) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      void this.scan();
    }, delayMs);
    this.wakeTimer.unref();
  }

  /**
   * Starts attempts at due messages while slots are free. Resolves when they are started, not
   * finished; each finished attempt scans again. One scan runs at a time.
   */
  async scan(): Promise<void> {
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = true;
    try {
      do {
        this.rescan = false;
        await this.startDue();
      } while (this.rescan && !this.stopped);
    } catch (error) {
      this.options.logger.warn('outbox.scan-failed', { error: (error as Error).message });
    } finally {
      this.scanning = false;
    }
  }

  /** Due messages, earliest first per kind, each with how to send it. */
  private async due(limit: number): Promise<DueAttempt[]> {
    const now = new Date(this.now());
    const hooks = await dueWebhookMessages(this.options.db, { now, limit });
    const attempts: DueAttempt[] = hooks.map(({ message, url, secret }) => ({
      message,
      group: message.webhookId ?? '',
      send: () => this.post(url, this.webhookRequest(message, secret)),
    }));
    const email = this.options.email;
    if (email) {
      for (const message of await dueEmailMessages(this.options.db, { now, limit })) {
        attempts.push({ message, group: emailGroup, send: () => email(message) });
      }
    }
    return attempts;
  }

  private async startDue(): Promise<void> {
    const { concurrency, perWebhook } = this.options;
    if (this.stopped || !this.options.isLeader() || this.inFlight.size >= concurrency) return;
    // Enough to fill every slot even when the earliest rows belong to busy groups.
    const due = await this.due(concurrency * (perWebhook + 1));
    const perGroup = new Map<string, number>();
    for (const group of this.inFlight.values()) {
      perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
    }
    for (const next of due) {
      if (this.inFlight.size >= concurrency) break;
      const { message, group } = next;
      if (this.inFlight.has(message.id) || (perGroup.get(group) ?? 0) >= perWebhook) continue;
      perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
      this.inFlight.set(message.id, group);
      void this.attempt(next).finally(() => {
        this.inFlight.delete(message.id);
        if (!this.stopped) void this.scan();
      });
    }
  }

  /** The signed POST of a webhook message. */
  private webhookRequest(message: OutboxRow, secret: string): WebhookRequest {
    const event = (message.payload.event ?? {}) as Record<string, unknown>;
    return {
      body: webhookBody({
        deliveryId: message.idempotencyKey,
        webhookId: message.webhookId ?? '',
        event,
      }),
      secret,
      deliveryId: message.idempotencyKey,
      eventKind: String(event.kind ?? ''),
      timestampSec: Math.floor(this.now() / 1_000),
      timeoutMs: this.options.timeoutMs,
    };
  }

  /** One attempt at one message, and its record. Never throws. */
  private async attempt({ message, send }: DueAttempt): Promise<void> {
    const attempt = message.attempts + 1;
    let outcome: SendOutcome;
    try {
      outcome = await send();
    } catch (error) {
      outcome = { ok: false, statusCode: null, error: String(error).slice(0, 1_024) };
    }
    const nextAttemptAt = outcome.ok
      ? null
      : this.now() + retryDelayMs(attempt, this.random(), this.options.retry);
    try {
      await this.options.record({ outboxId: message.id, attempt, ...outcome, nextAttemptAt });
    } catch (error) {
      // Lost leadership, or the record raced another leader's: the record as it stands
      // decides, and whoever leads tries again from there under the same delivery id.
      this.options.logger.info('outbox.record-not-applied', {
        outboxId: message.id,
        attempt,
        error: (error as Error).message,
      });
    }
  }

  /** Checks the URL against the guard now (DNS may have changed), then sends. */
  private async post(url: string, request: WebhookRequest): Promise<SendOutcome> {
    let target: WebhookTarget;
    try {
      target = await this.options.guard.check(url);
    } catch (error) {
      const reason = error instanceof WebhookTargetRefused ? error.message : String(error);
      return { ok: false, statusCode: null, error: `refused: ${reason}`.slice(0, 1_024) };
    }
    return sendWebhook(target, request);
  }
}
