import type { Entry } from '@raftboard/raft';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../client.ts';
import { type Command, safeParseCommand } from '../commands/command.ts';
import type { EventRow } from '../schema/events.ts';
import { raftApplied } from '../schema/raft.ts';
import { ApplyBatch } from './apply-batch.ts';
import { ApplyContext } from './apply-context.ts';
import { runCommand } from './command-handlers.ts';
import { changesAccess } from './command-kinds.ts';
import { applyConfChange } from './conf-change.ts';
import { writeEffects } from './effects.ts';
import { type CommandOutcome, type CommandResult, rejectionOf } from './outcome.ts';
import { isProcessedRequestsPruneIndex, pruneProcessedRequests } from './processed-requests.ts';
import { isRetentionIndex, pruneExpired } from './retention.ts';

export type { CommandOutcome, CommandResult, RejectionCode } from './outcome.ts';
/** The request id rules, for the API to refuse what apply would refuse before it proposes. */
export {
  requestIdFutureSkewMs,
  requestIdRefusal,
  requestIdWindowMs,
} from './processed-requests.ts';

/** Bound on the entries applied in one transaction; longer batches are split. */
export const applyBatchEntriesMax = 1_024;

/** What apply did with one entry. */
export interface AppliedEntry {
  index: number;
  /** `command` for normal entries with data, `noop` for empty ones, `confChange` otherwise. */
  kind: 'command' | 'noop' | 'confChange';
  /** Who proposed it and their request id, when the data carried them. */
  actor: string | null;
  requestId: string | null;
  /** The command's outcome (the first one, when `replayed`); null for no-op and confChange. */
  outcome: CommandOutcome | null;
  /** True when the request id was already applied: nothing changed, `outcome` is the first. */
  replayed: boolean;
}

/** The result of `applyEntries`. */
export interface ApplyResult {
  /** The applied index after the call (unchanged when every entry was already applied). */
  appliedIndex: number;
  /** One per entry that was newly applied, in index order; already-applied ones are absent. */
  entries: AppliedEntry[];
  /** The event rows written, in (index, ordinal) order, to publish after the call returns. */
  events: EventRow[];
  /**
   * True when an applied command may have changed who can do what (`changesAccess`): caches of
   * credentials and roles must be dropped once this transaction has committed.
   */
  accessChanged: boolean;
}

/** The applied index, as of now. */
export async function readAppliedIndex(db: Database | Transaction): Promise<number> {
  const [row] = await db.select().from(raftApplied).where(eq(raftApplied.id, 1));
  if (!row) throw new Error('raft_applied has no row: run the migrations first');
  return row.appliedIndex;
}

async function lockAppliedIndex(tx: Transaction): Promise<number> {
  const [row] = await tx.select().from(raftApplied).where(eq(raftApplied.id, 1)).for('update');
  if (!row) throw new Error('raft_applied has no row: run the migrations first');
  return row.appliedIndex;
}

/**
 * Moves the applied index from `previous` to `next`'s index by compare-and-set, and records
 * `next`'s term beside it (a snapshot streamed from this state names both); true when it was at
 * `previous`. The UPDATE locks the row until the transaction ends, so a concurrent apply
 * waits for this one and then finds the index moved.
 */
async function moveAppliedIndex(tx: Transaction, previous: number, next: Entry) {
  const [result] = await tx
    .update(raftApplied)
    .set({ appliedIndex: next.index, appliedTerm: next.term })
    .where(and(eq(raftApplied.id, 1), eq(raftApplied.appliedIndex, previous)));
  return result.affectedRows === 1;
}

/**
 * Takes the applied index for this transaction and moves it past the entries it will apply,
 * which it returns: those above the applied index. The usual case, entries that follow the
 * applied index, costs one UPDATE; otherwise (a restart re-delivering applied entries, a
 * concurrent apply that got there first) it reads the index under a lock and filters.
 */
async function claimEntries(tx: Transaction, entries: readonly Entry[]) {
  const first = entries[0];
  const last = entries.at(-1);
  if (first && last && (await moveAppliedIndex(tx, first.index - 1, last))) {
    return { previous: first.index - 1, pending: entries };
  }
  const previous = await lockAppliedIndex(tx);
  const pending = entries.filter((entry) => entry.index > previous);
  const next = pending[0];
  if (next === undefined) return { previous, pending };
  if (next.index !== previous + 1) {
    throw new Error(`entry ${next.index} does not follow applied index ${previous}`);
  }
  if (!(await moveAppliedIndex(tx, previous, last ?? next))) {
    throw new Error(`applied index moved under apply: expected ${previous}`);
  }
  return { previous, pending };
}

function decode(entry: Entry): { ok: true; command: Command } | { ok: false; message: string } {
  let input: unknown;
  try {
    input = JSON.parse(entry.data);
  } catch {
    return { ok: false, message: 'entry data is not JSON' };
  }
  const parsed = safeParseCommand(input);
  if (parsed.ok) return parsed;
  return { ok: false, message: parsed.error.message.slice(0, 1_000) };
}

function envelopeOf(data: string): { actor: string | null; requestId: string | null } {
  try {
    const value = JSON.parse(data) as { actor?: unknown; requestId?: unknown };
    const text = (field: unknown) => (typeof field === 'string' ? field : null);
    return { actor: text(value.actor), requestId: text(value.requestId) };
  } catch {
    return { actor: null, requestId: null };
  }
}

/**
 * A result as a retry will read it back from `processed_requests` (stored as JSON: Dates become
 * ISO strings, undefined fields vanish), so the first answer and a replayed one are identical.
 */
function asReplayed(result: CommandResult): CommandResult {
  return JSON.parse(JSON.stringify(result));
}

/**
 * Thrown out of an apply transaction when a command that ran without a savepoint was rejected
 * after it may have written: those writes cannot be undone alone, so the batch runs again with
 * savepoints from that entry on.
 */
class BareEntryRejected extends Error {
  override readonly name = 'BareEntryRejected';
  constructor(readonly index: number) {
    super(`entry ${index} was rejected after writing without a savepoint`);
  }
}

/**
 * Runs a command. From `batch.savepointsFrom` on, inside the savepoint `apply_entry`: a
 * rejection rolls back to it; success leaves it for the next entry's SAVEPOINT of the same name
 * to replace (no RELEASE round trip). Before that index without one, one round trip less: a
 * rejection before any write has nothing to undo, one after throws `BareEntryRejected`.
 */
async function runCommandOf(tx: Transaction, batch: ApplyBatch, index: number, command: Command) {
  const savepoint = index >= batch.savepointsFrom;
  if (savepoint) await tx.execute(sql`SAVEPOINT apply_entry`);
  const ctx = new ApplyContext(tx, index, command.actor, new Date(command.at), batch.projects);
  let result: CommandResult;
  try {
    result = asReplayed(await runCommand(ctx, command));
  } catch (error) {
    const rejection = rejectionOf(error);
    if (rejection === null) throw error;
    if (savepoint) await tx.execute(sql`ROLLBACK TO SAVEPOINT apply_entry`);
    else if (ctx.mayHaveWritten) throw new BareEntryRejected(index);
    const { code, message } = rejection;
    const outcome: CommandOutcome = { ok: false, index, code, message };
    return { outcome, events: [] };
  } finally {
    // Whatever the outcome, later commands (and this one's outbox rows) read what it may
    // have changed afresh.
    batch.afterCommand(command.type);
  }
  const events = await writeEffects(ctx, batch);
  const outcome: CommandOutcome = { ok: true, index, result };
  return { outcome, events };
}

type Decoded = ReturnType<typeof decode>;

function isCommand(entry: Entry): boolean {
  return entry.type === 'normal' && entry.data !== '';
}

async function applyCommand(tx: Transaction, batch: ApplyBatch, entry: Entry, decoded: Decoded) {
  if (!decoded.ok) {
    const outcome: CommandOutcome = {
      ok: false,
      index: entry.index,
      code: 'INVALID_COMMAND',
      message: decoded.message,
    };
    return { applied: { ...envelopeOf(entry.data), outcome, replayed: false }, events: [] };
  }
  const { actor, requestId, at } = decoded.command;
  // Before the lookup: a request too old may have been pruned, so its absence proves nothing.
  // Not recorded, so nothing keeps a row for a request id the window does not cover.
  const refusal = await batch.requestIdRefusal(requestId, new Date(at));
  if (refusal !== null) {
    const outcome: CommandOutcome = {
      ok: false,
      index: entry.index,
      code: 'REQUEST_ID_OUT_OF_WINDOW',
      message: refusal,
    };
    return { applied: { actor, requestId, outcome, replayed: false }, events: [] };
  }
  const first = await batch.findProcessed(actor, requestId);
  if (first !== null)
    return { applied: { actor, requestId, outcome: first, replayed: true }, events: [] };
  const { outcome, events } = await runCommandOf(tx, batch, entry.index, decoded.command);
  batch.recordProcessed(actor, requestId, new Date(at), outcome);
  return { applied: { actor, requestId, outcome, replayed: false }, events };
}

/**
 * Runs the retention passes due at this command entry. Each must see the rows applying each
 * entry alone would have written by now, so the batch writes its deferred ones first.
 */
async function pruneAt(tx: Transaction, batch: ApplyBatch, index: number, at: Date) {
  if (isProcessedRequestsPruneIndex(index)) {
    await batch.writeProcessed();
    const forgottenBeforeMs = await batch.forgottenBefore();
    batch.movedForgottenBefore(await pruneProcessedRequests(tx, { at, forgottenBeforeMs }));
  }
  if (isRetentionIndex(index)) {
    await batch.writeEvents();
    await pruneExpired(tx, at);
  }
}

async function applyOne(tx: Transaction, batch: ApplyBatch, entry: Entry, decoded: Decoded | null) {
  const base = { index: entry.index, actor: null, requestId: null, outcome: null, replayed: false };
  if (entry.type === 'confChange') {
    await applyConfChange(tx, entry.data);
    return { applied: { ...base, kind: 'confChange' as const }, events: [] };
  }
  if (entry.data === '') return { applied: { ...base, kind: 'noop' as const }, events: [] };
  const command = decoded ?? decode(entry);
  if (command.ok) await pruneAt(tx, batch, entry.index, new Date(command.command.at));
  const { applied, events } = await applyCommand(tx, batch, entry, command);
  return { applied: { index: entry.index, kind: 'command' as const, ...applied }, events };
}

async function applyBatchOnce(
  db: Database,
  entries: readonly Entry[],
  savepointsFrom: number,
): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const { previous, pending } = await claimEntries(tx, entries);
    const result: ApplyResult = {
      appliedIndex: previous,
      entries: [],
      events: [],
      accessChanged: false,
    };
    if (pending.length === 0) return result;
    const batch = new ApplyBatch(tx, savepointsFrom);
    const decoded = pending.map((entry) => (isCommand(entry) ? decode(entry) : null));
    await batch.prefetchProcessed(
      decoded.flatMap((d) =>
        d?.ok ? [{ actorId: d.command.actor, requestId: d.command.requestId }] : [],
      ),
    );
    for (const [i, entry] of pending.entries()) {
      const command = decoded[i];
      const { applied } = await applyOne(tx, batch, entry, command ?? null);
      if (command?.ok && applied.outcome?.ok && !applied.replayed) {
        result.accessChanged ||= changesAccess(command.command.type);
      }
      result.entries.push(applied);
      result.appliedIndex = entry.index;
    }
    await batch.flush();
    result.events = batch.events;
    return result;
  });
}

/**
 * Applies one transaction's entries. Commands first run without savepoints, which most never
 * need; when one is rejected after it may have written, the transaction rolls back and runs
 * again with savepoints from that entry on. The entries before it run on the same state as
 * before, so they succeed again; should one not, the savepoints move back to it: each retry
 * starts them at a smaller index, so there are fewer retries than entries.
 */
async function applyBatch(db: Database, entries: readonly Entry[]): Promise<ApplyResult> {
  let savepointsFrom = Number.POSITIVE_INFINITY;
  for (;;) {
    try {
      return await applyBatchOnce(db, entries, savepointsFrom);
    } catch (error) {
      if (!(error instanceof BareEntryRejected) || error.index >= savepointsFrom) throw error;
      savepointsFrom = error.index;
    }
  }
}

function checkContiguous(entries: readonly Entry[]) {
  for (let i = 1; i < entries.length; i += 1) {
    if (entries[i]?.index !== (entries[i - 1]?.index ?? 0) + 1) {
      throw new Error(`entries are not contiguous at position ${i}`);
    }
  }
}

/**
 * Applies committed entries, in order, exactly once: each transaction of up to
 * `applyBatchEntriesMax` entries skips indexes at or below the applied index, moves it to the
 * last entry with a compare-and-set, runs every command (a rejected command rolls back alone
 * and is recorded as its outcome), and writes events and the request ids. A throw means
 * nothing of that transaction happened (a bug or a failing server; the driver retries or
 * stops). Publish `events` after it returns.
 * Throws when `entries` are not contiguous or do not follow the applied index.
 */
export async function applyEntries(db: Database, entries: readonly Entry[]): Promise<ApplyResult> {
  checkContiguous(entries);
  const result: ApplyResult = { appliedIndex: 0, entries: [], events: [], accessChanged: false };
  let start = 0;
  do {
    const part = await applyBatch(db, entries.slice(start, start + applyBatchEntriesMax));
    result.appliedIndex = part.appliedIndex;
    result.entries.push(...part.entries);
    result.events.push(...part.events);
    result.accessChanged ||= part.accessChanged;
    start += applyBatchEntriesMax;
  } while (start < entries.length);
  return result;
}

/** Applies one committed entry: `applyEntries(db, [entry])`, for callers with a single one. */
export function applyEntry(db: Database, entry: Entry): Promise<ApplyResult> {
  return applyEntries(db, [entry]);
}
