import type { RaftConfig } from '../src/config.ts';
import { MemoryStorage } from '../src/memory-storage.ts';
import { type Message, parseMessage } from '../src/message.ts';
import { createRandom } from '../src/random.ts';
import { RawNode } from '../src/raw-node.ts';
import type { ReadState } from '../src/read-only.ts';
import type { Entry } from '../src/types.ts';
import { type UnsafeRules, withUnsafeRules } from '../src/unsafe.ts';

/** One node under test and what its driver saw. */
export interface TestNode {
  id: string;
  raw: RawNode;
  storage: MemoryStorage;
  applied: Entry[];
  readStates: ReadState[];
}

export type NodeOptions = Partial<Omit<RaftConfig, 'id' | 'storage' | 'random'>>;

/** Bound on delivery rounds in `deliverAll`, so a livelock fails the test instead of hanging. */
const DELIVERY_ROUNDS_MAX = 10_000;

/**
 * A deterministic, synchronous cluster for scenario tests (etcd's `network` in raft_test.go):
 * every node's Ready is persisted to MemoryStorage, messages are queued, and links can be cut
 * or messages filtered.
 */
export class Harness {
  readonly nodes = new Map<string, TestNode>();
  queue: Message[] = [];
  readonly cut = new Set<string>();
  /** Return false to drop a message. */
  filter: (message: Message) => boolean = () => true;

  constructor(
    ids: string[],
    private readonly options: NodeOptions = {},
    voters: string[] = ids,
    private readonly unsafe: UnsafeRules = {},
  ) {
    for (const id of ids) {
      const storage = new MemoryStorage({ confState: { voters, learners: [] } });
      this.add(id, storage);
    }
  }

  /** Starts (or restarts) a node on `storage`. */
  add(id: string, storage: MemoryStorage, options: NodeOptions = {}): TestNode {
    const random = createRandom(id.charCodeAt(id.length - 1) * 31 + 7);
    const config = { preVote: false, ...this.options, ...options, id, storage, random };
    const raw = withUnsafeRules(this.unsafe, () => new RawNode(config));
    const node: TestNode = { id, raw, storage, applied: [], readStates: [] };
    this.nodes.set(id, node);
    return node;
  }

  node(id: string): TestNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  raw(id: string): RawNode {
    return this.node(id).raw;
  }

  /** Runs every node's driver loop once: persist, queue messages, apply, advance. */
  drain(): void {
    for (const node of this.nodes.values()) {
      while (node.raw.hasReady()) {
        const ready = node.raw.ready();
        if (ready.snapshot !== null) node.storage.applySnapshot(ready.snapshot);
        node.storage.append(ready.entries);
        if (ready.hardState !== null) node.storage.setHardState(ready.hardState);
        for (const message of ready.messages) {
          if (!this.cut.has(`${message.from}>${message.to}`) && this.filter(message)) {
            this.queue.push(message);
          }
        }
        node.applied.push(...ready.committedEntries);
        node.readStates.push(...ready.readStates);
        node.raw.advance(ready);
      }
    }
  }

  /** Delivers messages (through the JSON validator) until the cluster is quiet. */
  deliverAll(): void {
    for (let round = 0; round < DELIVERY_ROUNDS_MAX; round++) {
      this.drain();
      if (this.queue.length === 0) return;
      const batch = this.queue;
      this.queue = [];
      for (const message of batch) this.deliver(message);
    }
    throw new Error('cluster did not quiesce');
  }

  deliver(message: Message): void {
    const target = this.nodes.get(message.to);
    const parsed = parseMessage(JSON.parse(JSON.stringify(message)));
    if (parsed === null) throw new Error(`invalid message ${JSON.stringify(message)}`);
    target?.raw.step(parsed);
  }

  /** Ticks `id` `times` times, delivering after each tick. */
  tick(id: string, times = 1): void {
    for (let i = 0; i < times; i++) {
      this.raw(id).tick();
      this.deliverAll();
    }
  }

  /** Ticks every node `times` times, delivering after each round. */
  tickAll(times = 1): void {
    for (let i = 0; i < times; i++) {
      for (const node of this.nodes.values()) node.raw.tick();
      this.deliverAll();
    }
  }

  /** Makes `id` campaign and delivers everything. */
  elect(id: string): void {
    this.raw(id).campaign();
    this.deliverAll();
  }

  /** Cuts `id` off from every other node, both ways. */
  isolate(id: string): void {
    for (const other of this.nodes.keys()) {
      if (other === id) continue;
      this.cut.add(`${id}>${other}`);
      this.cut.add(`${other}>${id}`);
    }
  }

  heal(): void {
    this.cut.clear();
    this.filter = () => true;
  }

  /** Applied normal entries' data, no-ops excluded. */
  appliedData(id: string): string[] {
    return this.node(id)
      .applied.filter((e) => e.type === 'normal' && e.data !== '')
      .map((e) => e.data);
  }
}
