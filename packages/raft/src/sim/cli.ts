import { runSimulation, type SimResult } from './run.ts';
import { shrink } from './shrink.ts';

/**
 * The simulator's command line.
 *   tsx src/sim/cli.ts --seeds 100000 --nodes 5 [--start 1]   a campaign with a progress line
 *   tsx src/sim/cli.ts --seed 42 --nodes 5 [--faults 0,3]     replay one seed verbosely
 */
function main(argv: string[]): number {
  const args = parseArgs(argv);
  const nodes = Number(args.get('nodes') ?? '5');
  const seed = args.get('seed');
  if (seed !== undefined) return replay(Number(seed), nodes, args.get('faults'));
  const seeds = Number(args.get('seeds') ?? '1000');
  const start = Number(args.get('start') ?? '1');
  return campaign(start, seeds, nodes);
}

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) args.set(arg.slice(2), argv[i + 1] ?? '');
  }
  return args;
}

function replay(seed: number, nodes: number, faults: string | undefined): number {
  const keepFaults =
    faults === undefined || faults === '' ? undefined : faults.split(',').map(Number);
  const result = runSimulation({
    seed,
    nodes,
    traceLines: 100_000,
    ...(keepFaults === undefined ? {} : { keepFaults }),
  });
  for (const line of result.trace) console.log(line);
  console.log(JSON.stringify(result.stats));
  if (result.violation === null) {
    console.log(`seed ${seed}: ok`);
    return 0;
  }
  console.log(`seed ${seed}: ${result.violation.message}`);
  return 1;
}

function campaign(start: number, seeds: number, nodes: number): number {
  const began = performance.now();
  let failures = 0;
  let simulatedMs = 0;
  let lastPrint = began;
  for (let seed = start; seed < start + seeds; seed++) {
    const result = runSimulation({ seed, nodes });
    simulatedMs += result.stats.simulatedMs;
    if (result.violation !== null) {
      failures++;
      report(result, nodes);
    }
    const now = performance.now();
    if (now - lastPrint > 1000 || seed === start + seeds - 1) {
      lastPrint = now;
      const done = seed - start + 1;
      const rate = done / ((now - began) / 1000);
      const ratio = simulatedMs / (now - began);
      process.stdout.write(
        `\rseeds ${done}/${seeds}  ${rate.toFixed(1)} seeds/s  sim/wall ${ratio.toFixed(0)}x  ` +
          `failures ${failures}   `,
      );
    }
  }
  process.stdout.write('\n');
  return failures === 0 ? 0 : 1;
}

/** Prints a failure: its seed, a shrunk fault schedule and trace, and the replay command. */
export function report(result: SimResult, nodes: number): void {
  const shrunk = shrink(result, nodes);
  console.log(`\nFAIL seed ${result.seed}: ${result.violation?.message}`);
  console.log(`  faults kept after shrinking: ${JSON.stringify(shrunk.keptFaults)}`);
  for (const line of shrunk.trace.slice(-60)) console.log(`  ${line}`);
  console.log(`  replay: ${replayCommand(result.seed, nodes, shrunk.keptFaults)}`);
}

export function replayCommand(seed: number, nodes: number, keptFaults: number[]): string {
  const faults = keptFaults.length > 0 ? ` --faults ${keptFaults.join(',')}` : ' --faults ""';
  return `npm run sim -w @raftboard/raft -- --seed ${seed} --nodes ${nodes}${faults}`;
}

process.exitCode = main(process.argv.slice(2));
