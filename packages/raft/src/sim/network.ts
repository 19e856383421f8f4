import type { Message } from '../message.ts';
import { type Random, randomInt } from '../random.ts';
import type { NodeId } from '../types.ts';

/** How the simulated network misbehaves. Probabilities are per message. */
export interface NetworkConditions {
  dropProbability: number;
  duplicateProbability: number;
  delayMinMs: number;
  delayMaxMs: number;
}

/**
 * A lossy, reordering, duplicating network with directed link cuts. Messages are delivered at
 * send time + a random delay, so messages overtake each other. Bound: `inFlightMax` messages;
 * beyond it new ones are dropped, as a real network's buffers would.
 */
export class SimNetwork {
  private readonly inFlight = new Map<number, Message[]>();
  private readonly blocked = new Set<string>();
  private count = 0;
  readonly inFlightMax = 100_000;
  conditions: NetworkConditions;
  delivered = 0;
  sent = 0;
  dropped = 0;

  constructor(
    private readonly random: Random,
    conditions: NetworkConditions,
  ) {
    this.conditions = conditions;
  }

  /** Cuts the link from `from` to `to` (one way). */
  block(from: NodeId, to: NodeId): void {
    this.blocked.add(`${from}>${to}`);
  }

  /** Cuts both directions between every node of `a` and every node of `b`. */
  partition(a: NodeId[], b: NodeId[]): void {
    for (const x of a) {
      for (const y of b) {
        this.block(x, y);
        this.block(y, x);
      }
    }
  }

  /** Restores every link. */
  heal(): void {
    this.blocked.clear();
  }

  isBlocked(from: NodeId, to: NodeId): boolean {
    return this.blocked.has(`${from}>${to}`);
  }

  send(message: Message, nowMs: number): void {
    const c = this.conditions;
    if (this.isBlocked(message.from, message.to) || this.count >= this.inFlightMax) {
      this.dropped++;
      return;
    }
    if (this.random() < c.dropProbability) {
      this.dropped++;
      return;
    }
    this.enqueue(message, nowMs + randomInt(this.random, c.delayMinMs, c.delayMaxMs + 1));
    if (this.random() < c.duplicateProbability) {
      this.enqueue(message, nowMs + randomInt(this.random, c.delayMinMs, c.delayMaxMs + 1));
    }
  }

  private enqueue(message: Message, atMs: number): void {
    const list = this.inFlight.get(atMs);
    if (list === undefined) this.inFlight.set(atMs, [message]);
    else list.push(message);
    this.count++;
  }

  /** The messages due at `nowMs`; links cut meanwhile drop them on arrival. */
  take(nowMs: number): Message[] {
    const list = this.inFlight.get(nowMs);
    if (list === undefined) return [];
    this.inFlight.delete(nowMs);
    this.count -= list.length;
    const arriving = list.filter((m) => !this.isBlocked(m.from, m.to));
    this.dropped += list.length - arriving.length;
    this.delivered += arriving.length;
    return arriving;
  }
}
