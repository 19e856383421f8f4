import { MemoryStorage } from '../memory-storage.ts';
import type { Message } from '../message.ts';
import { createRandom } from '../random.ts';
import { RawNode } from '../raw-node.ts';
import { runCampaign } from '../sim/campaign.ts';

/**
 * Throughput figures:
 * - in-process commits/s of a 3-node cluster (synchronous delivery, MemoryStorage) when the
 *   client proposes batches of 1, 16 and 256 commands per round;
 * - the simulator's simulated time ÷ wall time.
 */

const BENCH_MS = 2000;
const COMMAND = 'x'.repeat(64);
/** Compact each node's log once it holds this many applied entries. */
const COMPACT_EVERY_ENTRIES = 10_000;

interface BenchNode {
  raw: RawNode;
  storage: MemoryStorage;
  applied: number;
}

function cluster(): Map<string, BenchNode> {
  const ids = ['a', 'b', 'c'];
  const nodes = new Map<string, BenchNode>();
  for (const [i, id] of ids.entries()) {
    const storage = new MemoryStorage({ confState: { voters: ids, learners: [] } });
    const raw = new RawNode({
      ...{ id, storage, random: createRandom(i + 1) },
      ...{ maxEntriesPerMessage: 4096, maxBytesPerMessage: 4 << 20, inflightMessagesMax: 256 },
    });
    nodes.set(id, { raw, storage, applied: 0 });
  }
  return nodes;
}

/** Runs every node's driver loop and delivers messages until the cluster is quiet. */
function settle(nodes: Map<string, BenchNode>): void {
  let queue: Message[] = [];
  for (let round = 0; round < 10_000; round++) {
    for (const node of nodes.values()) {
      while (node.raw.hasReady()) {
        const ready = node.raw.ready();
        node.storage.append(ready.entries);
        if (ready.hardState !== null) node.storage.setHardState(ready.hardState);
        queue.push(...ready.messages);
        const last = ready.committedEntries[ready.committedEntries.length - 1];
        if (last !== undefined) node.applied = last.index;
        node.raw.advance(ready);
        maybeCompact(node);
      }
    }
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    for (const message of batch) nodes.get(message.to)?.raw.step(message);
  }
}

function maybeCompact(node: BenchNode): void {
  const snapshotIndex = node.storage.snapshot().metadata.index;
  if (node.applied - snapshotIndex < COMPACT_EVERY_ENTRIES) return;
  const status = node.raw.status();
  node.storage.createSnapshot(node.applied, status.confState, '');
  node.storage.compact(node.applied);
}

function commitsPerSecond(batchSize: number): number {
  const nodes = cluster();
  const leader = nodes.get('a') as BenchNode;
  leader.raw.campaign();
  settle(nodes);
  const batch = new Array<string>(batchSize).fill(COMMAND);
  const startApplied = leader.applied;
  const began = performance.now();
  while (performance.now() - began < BENCH_MS) {
    for (let i = 0; i < 20; i++) {
      leader.raw.proposeBatch(batch);
      settle(nodes);
    }
  }
  const elapsedMs = performance.now() - began;
  return ((leader.applied - startApplied) * 1000) / elapsedMs;
}

function simulatorRatio(): { ratio: number; seedsPerSecond: number } {
  const began = performance.now();
  const summary = runCampaign({ start: 1, count: 100, nodes: 5 });
  const elapsedMs = performance.now() - began;
  return { ratio: summary.simulatedMs / elapsedMs, seedsPerSecond: (100 * 1000) / elapsedMs };
}

function main(): void {
  console.log('3-node in-process cluster, 64-byte commands, synchronous delivery:');
  for (const size of [1, 16, 256]) {
    const rate = commitsPerSecond(size);
    const figure = Math.round(rate).toLocaleString('en-US');
    console.log(`  batch ${String(size).padStart(3)}: ${figure} commits/s`);
  }
  const { ratio, seedsPerSecond } = simulatorRatio();
  console.log(
    `simulator (5 nodes, 100 seeds): simulated time / wall time = ${ratio.toFixed(0)}x, ` +
      `${seedsPerSecond.toFixed(1)} seeds/s`,
  );
}

main();
