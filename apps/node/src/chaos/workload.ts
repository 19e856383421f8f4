import type { KvInput, KvOutput, Operation } from '@raftboard/raft/testing';
import { uuidv7 } from '@raftboard/uuidv7';
import {
  type BoardSession,
  createTask,
  openBoard,
  readTaskTitle,
  renameTask,
} from '../client/board.ts';
import { GraphqlRequestError } from '../client/graphql.ts';

/** Bound on attempts of one write (same requestId each time) before its outcome is unknown. */
const writeAttemptsMax = 8;
/** Bound on one HTTP request of the workload. */
const requestTimeoutMs = 5_000;
/** Pause between attempts, so a client does not spin while there is no leader. */
const retryPauseMs = 150;

/** What the workload saw, for the verdict. */
export interface WorkloadRecord {
  /** Titles of created tasks the cluster acknowledged. */
  acknowledgedCreates: Set<string>;
  /** Titles of creates whose outcome is unknown (every attempt failed): may or may not exist. */
  uncertainCreates: Set<string>;
  /** Register operations (renames and linearizable reads of the register tasks). */
  history: Operation<KvInput, KvOutput>[];
  operations: { ok: number; failed: number };
}

export interface WorkloadOptions {
  urls: string[];
  session: BoardSession;
  /** Task ids used as registers; their titles are the registers' values. */
  registerTaskIds: string[];
  clients: number;
  deadlineMs: number;
  random: () => number;
  /** Told of every write attempt as it ends (tests that time a fault against the acks). */
  onWriteAttempt?: (attempt: WriteAttempt) => void;
}

/** One try of one write at one node. */
export interface WriteAttempt {
  url: string;
  /** Date.now() when it was sent and when it ended. */
  sentAtMs: number;
  endedAtMs: number;
  /** The node answered with success. */
  acknowledged: boolean;
}

/** A new board for one workload run, with its register tasks and the history that made them. */
export interface WorkloadBoard {
  session: BoardSession;
  registerTaskIds: string[];
  /** The registers' initial writes, to put first in the run's history. */
  history: Operation<KvInput, KvOutput>[];
}

/**
 * Signs a new person up through `url` (a node that leads, or will forward) and creates their
 * project and `registersCount` register tasks. Each run gets a board of its own, so titles
 * counted by the verdict never meet another run's.
 */
export async function openWorkloadBoard(
  url: string,
  registersCount: number,
): Promise<WorkloadBoard> {
  const session = await openBoard(url);
  const registerTaskIds: string[] = [];
  const history: Operation<KvInput, KvOutput>[] = [];
  for (let key = 0; key < registersCount; key++) {
    const calledAt = performance.now();
    const { id } = await createTask(url, session, `r${key}-initial`);
    registerTaskIds.push(id);
    history.push({
      clientId: -1,
      input: { kind: 'put', key: String(key), value: `r${key}-initial` },
      output: 'ok',
      calledAt,
      returnedAt: performance.now(),
    });
  }
  return { session, registerTaskIds, history };
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Whether an error says "try again" (no leader, timeout, node down) rather than "refused". */
function retryable(error: unknown): boolean {
  if (error instanceof GraphqlRequestError) return error.code === 'UNAVAILABLE';
  return true; // network errors, aborted requests, a killed node
}

/**
 * Tries `attempt` against random nodes with the same request id until it succeeds, fails for
 * good, or runs out of attempts. Returns the value, or undefined when the outcome is unknown.
 */
async function withRetries<T>(
  options: WorkloadOptions,
  attempt: (url: string) => Promise<T>,
): Promise<{ value: T } | { refused: unknown } | undefined> {
  for (let i = 0; i < writeAttemptsMax && Date.now() < options.deadlineMs + 30_000; i++) {
    const url = pick(options.urls, options.random);
    const sentAtMs = Date.now();
    const report = (acknowledged: boolean) =>
      options.onWriteAttempt?.({ url, sentAtMs, endedAtMs: Date.now(), acknowledged });
    try {
      const value = await attempt(url);
      report(true);
      return { value };
    } catch (error) {
      report(false);
      if (!retryable(error)) return { refused: error };
      await new Promise((resolve) => setTimeout(resolve, retryPauseMs));
    }
  }
  return undefined;
}

async function createOne(options: WorkloadOptions, record: WorkloadRecord, title: string) {
  const requestId = uuidv7();
  const outcome = await withRetries(options, (url) =>
    createTask(url, options.session, title, { requestId, timeoutMs: requestTimeoutMs }),
  );
  if (outcome && 'value' in outcome) {
    record.acknowledgedCreates.add(title);
    record.operations.ok++;
  } else {
    record.uncertainCreates.add(title);
    record.operations.failed++;
  }
}

async function renameOne(
  options: WorkloadOptions,
  record: WorkloadRecord,
  key: number,
  value: string,
) {
  const requestId = uuidv7();
  const taskId = options.registerTaskIds[key] ?? '';
  const operation: Operation<KvInput, KvOutput> = {
    clientId: 0,
    input: { kind: 'put', key: String(key), value },
    output: undefined,
    calledAt: performance.now(),
    returnedAt: Number.POSITIVE_INFINITY,
  };
  record.history.push(operation);
  const outcome = await withRetries(options, (url) =>
    renameTask(url, options.session, taskId, value, { requestId, timeoutMs: requestTimeoutMs }),
  );
  if (outcome && 'value' in outcome) {
    operation.output = 'ok';
    operation.returnedAt = performance.now();
    record.operations.ok++;
  } else {
    record.operations.failed++;
  }
}

async function readOne(options: WorkloadOptions, record: WorkloadRecord, key: number) {
  const calledAt = performance.now();
  const taskId = options.registerTaskIds[key] ?? '';
  try {
    const title = await readTaskTitle(pick(options.urls, options.random), options.session, taskId, {
      timeoutMs: requestTimeoutMs,
    });
    record.history.push({
      clientId: 0,
      input: { kind: 'get', key: String(key) },
      output: title,
      calledAt,
      returnedAt: performance.now(),
    });
    record.operations.ok++;
  } catch {
    // A read that did not answer had no effect: it is left out of the history.
    record.operations.failed++;
  }
}

/**
 * Runs `clients` concurrent clients until the deadline: half the operations create tasks with
 * unique titles (to count lost and doubled writes), a quarter rename a register task, a quarter
 * read one linearizably (for the linearizability check).
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadRecord> {
  const record: WorkloadRecord = {
    acknowledgedCreates: new Set(),
    uncertainCreates: new Set(),
    history: [],
    operations: { ok: 0, failed: 0 },
  };
  const client = async (clientId: number) => {
    for (let sequence = 0; Date.now() < options.deadlineMs; sequence++) {
      const dice = options.random();
      const key = Math.floor(options.random() * options.registerTaskIds.length);
      const before = record.history.length;
      if (dice < 0.5) await createOne(options, record, `c${clientId}-${sequence}`);
      else if (dice < 0.75) await renameOne(options, record, key, `c${clientId}-v${sequence}`);
      else await readOne(options, record, key);
      for (const operation of record.history.slice(before)) operation.clientId = clientId;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  return record;
}
