import type { KvInput, KvOutput, Operation } from '../linearizability/history.ts';
import { type Random, randomInt } from '../random.ts';
import type { SimNode } from './cluster.ts';
import type { Command } from './kv.ts';

/** Bounds of the client workload. */
export const CLIENT_KEYS = ['x', 'y', 'z'] as const;
/** An attempt not answered within this many ms is retried (same request id) elsewhere. */
export const ATTEMPT_TIMEOUT_MS = 150;

interface InFlight {
  opIndex: number;
  commandId: string;
  attempt: number;
  deadlineMs: number;
  /** Where the current attempt waits (its answer only counts from there). */
  nodeId: string | null;
  readContext: string | null;
}

/**
 * Sequential clients issuing put/get/compare-and-set on a few keys: writes through the log,
 * reads through ReadIndex, retries with the same request id (the state machine dedupes), and
 * now and then a client that gives up on an operation (left pending in the history) and comes
 * back as a new client. Every call and return is recorded for the linearizability checker.
 */
export class Workload {
  readonly history: Operation<KvInput, KvOutput>[] = [];
  private readonly clients: (InFlight | null)[];
  private readonly clientIds: number[];
  private nextClientId: number;
  private readonly nextOpAtMs: number[];
  private sequence = 0;
  private readonly byCommand = new Map<string, number>();
  private readonly byContext = new Map<string, number>();
  /** When true (after faults heal) clients finish their operation and start no new one. */
  draining = false;
  abandonProbability = 0.01;
  /** Test-only: serve reads from local state without ReadIndex (breaks linearizability). */
  unsafeLocalReads = false;
  retries = 0;

  constructor(
    private readonly random: Random,
    clientCount: number,
  ) {
    this.clients = new Array(clientCount).fill(null);
    this.clientIds = this.clients.map((_, i) => i);
    this.nextClientId = clientCount;
    this.nextOpAtMs = this.clients.map(() => randomInt(random, 0, 50));
  }

  /** True when no client has an operation in flight. */
  idle(): boolean {
    return this.clients.every((c) => c === null);
  }

  /** Starts and retries operations due at `nowMs` against `nodes`. */
  step(nowMs: number, nodes: SimNode[], trace: (line: string) => void): void {
    for (let c = 0; c < this.clients.length; c++) {
      const current = this.clients[c] ?? null;
      if (current === null) {
        if (!this.draining && nowMs >= (this.nextOpAtMs[c] ?? 0)) this.begin(c, nowMs, nodes);
      } else if (nowMs >= current.deadlineMs) {
        if (!this.draining && this.random() < this.abandonProbability) {
          trace(`client ${this.clientIds[c]} abandons op ${current.opIndex}`);
          this.clients[c] = null;
          this.clientIds[c] = this.nextClientId++;
          continue;
        }
        this.retries++;
        this.attempt(c, current, nowMs, nodes);
      }
    }
  }

  private begin(c: number, nowMs: number, nodes: SimNode[]): void {
    const key = CLIENT_KEYS[randomInt(this.random, 0, CLIENT_KEYS.length)] ?? 'x';
    const value = `v${this.sequence++}`;
    const roll = this.random();
    let input: KvInput;
    if (roll < 0.4) input = { kind: 'get', key };
    else if (roll < 0.75) input = { kind: 'put', key, value };
    else input = { kind: 'cas', key, expected: this.recentValue(key), value };
    const opIndex = this.history.length;
    const clientId = this.clientIds[c] ?? c;
    this.history.push({
      clientId,
      input,
      output: undefined,
      calledAt: nowMs,
      returnedAt: Infinity,
    });
    const commandId = `c${clientId}-${opIndex}`;
    const inFlight: InFlight = {
      ...{ opIndex, commandId, attempt: 0, deadlineMs: nowMs, nodeId: null },
      readContext: null,
    };
    this.clients[c] = inFlight;
    this.byCommand.set(commandId, c);
    this.attempt(c, inFlight, nowMs, nodes);
  }

  /** A value recently written to `key` (or null), so compare-and-set sometimes succeeds. */
  private recentValue(key: string): string | null {
    for (let i = this.history.length - 1; i >= Math.max(0, this.history.length - 8); i--) {
      const op = this.history[i];
      if (op !== undefined && op.input.key === key && op.input.kind !== 'get') {
        return op.input.value;
      }
    }
    return null;
  }

  private attempt(c: number, inFlight: InFlight, nowMs: number, nodes: SimNode[]): void {
    inFlight.attempt++;
    inFlight.deadlineMs = nowMs + ATTEMPT_TIMEOUT_MS;
    inFlight.nodeId = null;
    const live = nodes.filter((n) => n.alive);
    const target = live[randomInt(this.random, 0, Math.max(live.length, 1))];
    const node = target?.node;
    if (target === undefined || node === undefined || node === null) return;
    const op = this.history[inFlight.opIndex];
    if (op === undefined) return;
    inFlight.nodeId = target.id;
    if (op.input.kind === 'get') {
      if (this.unsafeLocalReads) {
        this.complete(c, inFlight, target.kv.get(op.input.key), nowMs);
        return;
      }
      const context = `${inFlight.commandId}#${inFlight.attempt}`;
      inFlight.readContext = context;
      this.byContext.set(context, c);
      if (node.readIndex(context) !== null) inFlight.deadlineMs = nowMs + 20;
      return;
    }
    const command: Command = { id: inFlight.commandId, input: op.input };
    const result = node.propose(JSON.stringify(command));
    if (!result.ok) inFlight.deadlineMs = nowMs + 20;
  }

  /** A node applied a command: answer its client if it is still waiting on that node. */
  onWrite(nodeId: string, commandId: string, output: KvOutput, nowMs: number): void {
    const c = this.byCommand.get(commandId);
    if (c === undefined) return;
    const inFlight = this.clients[c];
    if (inFlight == null || inFlight.commandId !== commandId || inFlight.nodeId !== nodeId) {
      return;
    }
    this.complete(c, inFlight, output, nowMs);
  }

  /** A node confirmed a read point and applied up to it: answer the read. */
  onRead(context: string, value: (key: string) => string | null, nowMs: number): void {
    const c = this.byContext.get(context);
    if (c === undefined) return;
    const inFlight = this.clients[c];
    if (inFlight == null || inFlight.readContext !== context) return;
    const op = this.history[inFlight.opIndex];
    if (op === undefined) return;
    this.complete(c, inFlight, value(op.input.key), nowMs);
  }

  private complete(c: number, inFlight: InFlight, output: KvOutput, nowMs: number): void {
    const op = this.history[inFlight.opIndex];
    if (op === undefined) return;
    op.output = output;
    op.returnedAt = nowMs;
    this.clients[c] = null;
    this.byCommand.delete(inFlight.commandId);
    if (inFlight.readContext !== null) this.byContext.delete(inFlight.readContext);
    this.nextOpAtMs[c] = nowMs + randomInt(this.random, 0, 40);
  }

  /** The history for the checker; pending reads are dropped (they had no effect). */
  checkedHistory(): Operation<KvInput, KvOutput>[] {
    return this.history.filter((op) => op.output !== undefined || op.input.kind !== 'get');
  }
}
