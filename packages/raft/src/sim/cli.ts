import { describeFailure, optionsFromFlags, runCampaign } from './campaign.ts';
import { runSimulation } from './run.ts';

/**
 * The simulator's command line.
 *   tsx src/sim/cli.ts --seeds 100000 --nodes 5 [--start 1]   a campaign with a progress line
 *   tsx src/sim/cli.ts --seed 42 --nodes 5 [--faults 0,3]     replay one seed verbosely
 * Flags for either: --churn (leader-crash nemesis), --unsafe rule[,rule] and --local-reads
 * (the deliberately broken modes the tests use to prove the simulator has teeth).
 */
function main(argv: string[]): number {
  const args = parseArgs(argv);
  const nodes = Number(args.get('nodes') ?? '5');
  const extra = optionsFromFlags(args);
  const seed = args.get('seed');
  if (seed !== undefined) return replay(Number(seed), nodes, args.get('faults'), extra);
  const seeds = Number(args.get('seeds') ?? '1000');
  const start = Number(args.get('start') ?? '1');
  return campaign({ start, seeds, nodes, extra });
}

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const next = argv[i + 1];
    const hasValue = next !== undefined && !next.startsWith('--');
    args.set(arg.slice(2), hasValue ? next : 'true');
    if (hasValue) i++;
  }
  return args;
}

function replay(
  seed: number,
  nodes: number,
  faults: string | undefined,
  extra: ReturnType<typeof optionsFromFlags>,
): number {
  const keepFaults =
    faults === undefined || faults === 'true'
      ? undefined
      : faults === ''
        ? []
        : faults.split(',').map(Number);
  const result = runSimulation({
    ...extra,
    seed,
    nodes,
    traceLines: 1_000_000,
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

function campaign(options: {
  start: number;
  seeds: number;
  nodes: number;
  extra: ReturnType<typeof optionsFromFlags>;
}): number {
  const { start, seeds, nodes, extra } = options;
  const began = performance.now();
  let failures = 0;
  let done = 0;
  let simulatedMs = 0;
  let lastPrint = began;
  const print = () => {
    const elapsedMs = performance.now() - began;
    const rate = done / (elapsedMs / 1000);
    const ratio = simulatedMs / elapsedMs;
    process.stdout.write(
      `\rseeds ${done}/${seeds}  ${rate.toFixed(1)} seeds/s  sim/wall ${ratio.toFixed(0)}x  ` +
        `failures ${failures}   `,
    );
  };
  runCampaign({
    ...{ start, count: seeds, nodes, extra },
    onResult: (result) => {
      done++;
      simulatedMs += result.stats.simulatedMs;
      if (result.violation !== null) {
        failures++;
        process.stdout.write(`\n${describeFailure(result, nodes, extra)}\n`);
      }
      if (performance.now() - lastPrint > 1000) {
        lastPrint = performance.now();
        print();
      }
    },
  });
  print();
  process.stdout.write('\n');
  return failures === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
