import type { KvOutput } from '../linearizability/history.ts';
import { MemoryStorage } from '../memory-storage.ts';
import { parseMessage } from '../message.ts';
import { createRandom } from '../random.ts';
import { RawNode, type Ready } from '../raw-node.ts';
import type { ConfState, NodeId } from '../types.ts';
import { type UnsafeRules, withUnsafeRules } from '../unsafe.ts';
import { type SafetyChecker, Violation } from './invariants.ts';
import { KvStateMachine } from './kv.ts';
import type { SimNetwork } from './network.ts';

/** Core settings the simulator randomizes per seed. */
export interface CoreSettings {
  electionTimeoutTicks: number;
  heartbeatIntervalTicks: number;
  maxEntriesPerMessage: number;
  maxBytesPerMessage: number;
  inflightMessagesMax: number;
  maxUncommittedBytes: number;
  snapshotChunkBytes: number;
  preVote: boolean;
  checkQuorum: boolean;
  /** Snapshot and compact once this many entries are applied past the last snapshot. */
  compactEveryEntries: number;
}

/** Someone waiting on a node: a write for its entry, or a read for its read state. */
export interface Waiter {
  onWrite(nodeId: NodeId, commandId: string, output: KvOutput): void;
  onRead(context: string, value: (key: string) => string | null): void;
}

/** One simulated server: persisted storage survives crashes; everything else does not. */
export class SimNode {
  node: RawNode | null = null;
  kv = new KvStateMachine();
  incarnation = 0;
  tickPeriodMs = 10;
  nextTickAtMs = 0;
  /** Confirmed read points waiting for apply to reach them. */
  private reads: { index: number; context: string }[] = [];
  readonly storage: MemoryStorage;

  constructor(
    readonly id: NodeId,
    confState: ConfState,
  ) {
    this.storage = new MemoryStorage({ confState });
  }

  get alive(): boolean {
    return this.node !== null;
  }

  crash(): void {
    this.node = null;
    this.reads = [];
  }

  /** (Re)starts from storage: the state machine from the snapshot, the core from the log. */
  start(seed: number, settings: CoreSettings, unsafe: UnsafeRules): void {
    const snapshot = this.storage.snapshot();
    this.kv.restore(snapshot.data, snapshot.metadata.index);
    this.incarnation++;
    const random = createRandom(seed * 7919 + this.incarnation * 104729 + hash(this.id));
    const config = { id: this.id, storage: this.storage, random, ...settings };
    const applied = snapshot.metadata.index;
    this.node = withUnsafeRules(unsafe, () => new RawNode({ ...config, applied }));
  }

  /** Runs the driver loop (persist, send, apply, advance) until the core has nothing to do. */
  drain(context: DrainContext): void {
    const node = this.node;
    if (node === null) return;
    for (let rounds = 0; node.hasReady(); rounds++) {
      if (rounds > 1000) throw new Violation('Liveness', `${this.id} never settles its Ready`);
      const ready = node.ready();
      this.persist(ready, node, context);
      if (context.crashAfterPersist(this.id, ready)) {
        // The process dies mid-loop: persisted, but nothing sent or applied.
        context.trace(`${this.id} crashes after persisting, before sending`);
        this.crash();
        return;
      }
      for (const message of ready.messages) {
        // Every sixteenth message goes through the network validator, as the node would run it.
        if (context.network.sent++ % 16 === 0 && parseMessage(message) === null) {
          throw new Violation('Message Shape', `${this.id} sent ${JSON.stringify(message)}`);
        }
        context.network.send(message, context.nowMs);
      }
      this.apply(ready, context);
      node.advance(ready);
      this.serveReads(context);
      this.maybeCompact(node, context.settings);
    }
  }

  private persist(ready: Ready, node: RawNode, context: DrainContext): void {
    if (ready.snapshot !== null) {
      const error = this.storage.applySnapshot(ready.snapshot);
      if (error !== null) throw new Violation('Snapshot', `${this.id}: ${error.message}`);
    }
    this.storage.append(ready.entries);
    if (ready.hardState !== null) this.storage.setHardState(ready.hardState);
    const status = node.basicStatus();
    context.checker.onPersist(this.id, status.term, ready.entries, this.storage);
    if (ready.softState !== null) {
      context.trace(`${this.id} becomes ${ready.softState.role} in term ${status.term}`);
      context.checker.onRole(this.id, status.role, status.term, this.storage.lastIndex());
      if (status.role === 'leader') context.checker.onLeaderLog(this.id, this.storage);
    }
  }

  private apply(ready: Ready, context: DrainContext): void {
    if (ready.snapshot !== null) {
      const { index, term } = ready.snapshot.metadata;
      context.checker.onSnapshot(this.id, index, term);
      this.kv.restore(ready.snapshot.data, index);
    }
    for (const entry of ready.committedEntries) {
      context.checker.onApply(this.id, entry);
      const result = this.kv.apply(entry);
      if (result !== null) context.waiter.onWrite(this.id, result.command.id, result.output);
    }
    for (const read of ready.readStates) this.reads.push(read);
  }

  private serveReads(context: DrainContext): void {
    if (this.reads.length === 0) return;
    const ready = this.reads.filter((read) => read.index <= this.kv.applied);
    if (ready.length === 0) return;
    this.reads = this.reads.filter((read) => read.index > this.kv.applied);
    for (const read of ready) context.waiter.onRead(read.context, (key) => this.kv.get(key));
  }

  private maybeCompact(node: RawNode, settings: CoreSettings): void {
    const snapshotIndex = this.storage.snapshot().metadata.index;
    if (node.basicStatus().applied - snapshotIndex < settings.compactEveryEntries) return;
    const status = node.status();
    const created = this.storage.createSnapshot(
      status.applied,
      status.confState,
      this.kv.serialize(),
    );
    if (created instanceof Error) return;
    this.storage.compact(status.applied);
  }
}

/** What a node's driver loop needs from the simulation. */
export interface DrainContext {
  nowMs: number;
  network: SimNetwork;
  checker: SafetyChecker;
  settings: CoreSettings;
  waiter: Waiter;
  trace: (line: string) => void;
  /** The nemesis may kill the node between persisting a Ready and sending it. */
  crashAfterPersist: (id: NodeId, ready: Ready) => boolean;
}

/** FNV-1a of `text`: a stable number per node id for seeding. */
export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
