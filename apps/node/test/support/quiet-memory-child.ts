// A process that does what a node does to its heap: a burst of work that leaves garbage behind,
// then a quiet time with the small steady allocations of timers and heartbeats. With `saver` as
// its argument it runs QuietMemory; either way it prints its V8 heap size once a second as JSON
// lines ({"heapMib": …, "saver": …}) until it is killed.
import { getHeapStatistics } from 'node:v8';
import { QuietMemory } from '../../src/quiet-memory.ts';

const silent = { info() {}, warn() {}, error() {} };
let kept: string[][] = [];
for (let round = 0; round < 200; round++) {
  kept.push(Array.from({ length: 50_000 }, (_, i) => `${round}:${i}`));
  if (kept.length > 20) kept.shift();
}
kept = [];

const quiet =
  process.argv[2] === 'saver'
    ? new QuietMemory({
        work: () => 0,
        busy: () => false,
        quietMs: 500,
        checkEveryMs: 100,
        logger: silent,
      })
    : null;
quiet?.start();
// A heartbeat's worth of short-lived objects, which keeps V8's own reducer from seeing an idle
// process.
setInterval(() => Array.from({ length: 2_000 }, (_, i) => ({ i })), 5);
setInterval(() => {
  const heapMib = getHeapStatistics().total_heap_size / (1024 * 1024);
  console.log(JSON.stringify({ heapMib, saver: quiet?.memorySaver ?? false }));
}, 1_000);
