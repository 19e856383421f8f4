import type { Message } from '../message.ts';
import { type Random, randomInt } from '../random.ts';
import type { NodeId } from '../types.ts';

/** How the simulated network misbehaves. Probabilities are per message. */
export interface NetworkConditions {
  dropProbability: number;
  duplicateProbability: number;
  /** Per append whose commit runs past its prevLogIndex: also deliver a short copy of it. */
  shortCopyProbability: number;
  delayMinMs: number;
  delayMaxMs: number;
}

/**
 * A lossy, reordering, duplicating network with directed link cuts. Messages are delivered at
 * send time + a random delay, so messages overtake each other. Bound: `inFlightMax` messages;
 * beyond it new ones are dropped, as a real network's buffers would.
 *
 * It also delivers short copies of appends: the same prevLogIndex, prevLogTerm and commit, but
 * only a prefix of the entries, half the time none. A correct leader may send exactly that (a
 * smaller batch, or an empty append that carries its commit), and it is the only way the
 * simulator reaches the state where AppendEntries receiver rule 5 (§5.3, Figure 2: commit up to
 * min(leaderCommit, index of last new entry)) matters: a follower with an uncommitted suffix
 * from an old term behind a prefix that matches the leader, while the leader's commit is past
 * that prefix, receiving an append that covers only the prefix. Our leader never sends one.
 * Its nextIndex starts past its last entry and the fast back-off never lands below the last
 * index the two logs share, so the first append the follower accepts starts right at the
 * divergence with at least one entry, whose conflict truncates the stale suffix before the
 * commit moves (it is empty only when the leader's log ends at the shared prefix, and then so
 * does its commit). Appends before it are rejected, heartbeats carry at most the follower's
 * match, and every later append of that term finds only the leader's own entries past what it
 * covers (reordered appends do leave such entries, and committing them is harmless). Drops,
 * delays, duplicates, reordering, partitions and crashes only replay messages the leader sent,
 * so none of them made that shape: before the short copies, a follower that committed
 * min(leaderCommit, lastIndex) passed 500 five-node seeds.
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
    // Draws only when enabled, so a seed without short copies replays as it always did.
    if (c.shortCopyProbability > 0) this.maybeShortCopy(message, nowMs);
  }

  /** Sometimes also sends `message`, an append, with only a prefix of its entries (or none). */
  private maybeShortCopy(message: Message, nowMs: number): void {
    const c = this.conditions;
    // Only a copy whose commit runs past what it covers can tell rule 5 apart from lastIndex.
    if (message.type !== 'append' || message.commit <= message.prevLogIndex) return;
    if (this.random() >= c.shortCopyProbability) return;
    const count = message.entries.length;
    const kept = count <= 1 || this.random() < 0.5 ? 0 : randomInt(this.random, 1, count);
    const copy = { ...message, entries: message.entries.slice(0, kept) };
    this.enqueue(copy, nowMs + randomInt(this.random, c.delayMinMs, c.delayMaxMs + 1));
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
