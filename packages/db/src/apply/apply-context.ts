import type { Transaction } from '../client.ts';
import type { ProjectMemo } from './project-memo.ts';

/** A change to record as an `events` row; apply numbers it and adds the common columns. */
export interface EventDraft {
  /** The project the change belongs to, or null for changes outside projects. */
  projectId: string | null;
  /** What happened, `<entity>.<pastTense>`, e.g. 'task.created'. */
  kind: string;
  entityType: string;
  entityId: string;
  payload: Record<string, unknown>;
}

/** A notification to create for `userId`. */
export interface NotificationDraft {
  userId: string;
  kind: string;
  projectId: string | null;
  taskId: string | null;
  payload: Record<string, unknown>;
}

/** An email to put in the outbox, delivered later by the leader. */
export interface EmailDraft {
  userId: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

/** Bound on the events one entry may produce (a bulk update of 100 tasks stays far below). */
export const eventsPerEntryMax = 2_000;

/** Transaction members that only read; using any other one counts as a possible write. */
const readOnlyMembers = new Set<PropertyKey>(['select', 'selectDistinct']);

/**
 * `tx` as handlers see it: calls `onWrite` when code takes any member other than a SELECT
 * builder (`insert`, `update`, `delete`, `execute`, ...), before it can run. Members are bound
 * to `tx`, so Drizzle's own use of them stays unseen.
 */
function watchWrites(tx: Transaction, onWrite: () => void): Transaction {
  return new Proxy(tx, {
    get(target, member) {
      if (!readOnlyMembers.has(member)) onWrite();
      const value: unknown = Reflect.get(target, member, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * What a command handler works with: the transaction, the entry's log index, the actor and the
 * command's time. Handlers collect events, notifications and emails here; apply writes them
 * after the handler succeeds.
 */
export class ApplyContext {
  readonly events: EventDraft[] = [];
  readonly notifications: NotificationDraft[] = [];
  readonly emails: EmailDraft[] = [];
  /** The transaction; any use but a SELECT sets `mayHaveWritten`. */
  readonly tx: Transaction;
  /**
   * False while the command has only read. Invariant: true before the command's first write,
   * so a rejected command that leaves it false has nothing to roll back.
   */
  mayHaveWritten = false;

  constructor(
    tx: Transaction,
    readonly index: number,
    readonly actor: string,
    readonly at: Date,
    /** What this transaction already read about projects (see `ProjectMemo`). */
    readonly projects: ProjectMemo,
  ) {
    this.tx = watchWrites(tx, () => {
      this.mayHaveWritten = true;
    });
  }

  /** Records a change. Throws past `eventsPerEntryMax` (a bug, not a rejection). */
  emit(event: EventDraft): void {
    if (this.events.length >= eventsPerEntryMax) {
      throw new Error(`entry ${this.index} produced more than ${eventsPerEntryMax} events`);
    }
    this.events.push(event);
  }

  /** Notifies a user, unless the user is the actor (nobody is told about their own acts). */
  notify(notification: NotificationDraft): void {
    if (notification.userId === this.actor) return;
    this.notifications.push(notification);
  }

  /** Queues an email to a user (by id; the address is looked up when it is written). */
  email(draft: EmailDraft): void {
    this.emails.push(draft);
  }
}
