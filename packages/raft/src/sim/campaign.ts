import { runSimulation, type SimOptions, type SimResult } from './run.ts';
import { shrink } from './shrink.ts';

/** What a run of many seeds found. */
export interface CampaignSummary {
  seeds: number;
  failures: SimResult[];
  /** Seeds whose history the checker could not decide within its budget (not failures). */
  undecided: number;
  simulatedMs: number;
}

/**
 * Runs seeds `start .. start + count - 1`. `extra` applies to every seed (e.g. unsafe rules in
 * the tests that prove the simulator has teeth). `stopAtFirstFailure` ends the campaign early.
 */
export function runCampaign(options: {
  start: number;
  count: number;
  nodes: number;
  extra?: Partial<SimOptions>;
  stopAtFirstFailure?: boolean;
  onResult?: (result: SimResult) => void;
}): CampaignSummary {
  const summary: CampaignSummary = { seeds: 0, failures: [], undecided: 0, simulatedMs: 0 };
  for (let seed = options.start; seed < options.start + options.count; seed++) {
    const result = runSimulation({ ...options.extra, seed, nodes: options.nodes });
    summary.seeds++;
    summary.simulatedMs += result.stats.simulatedMs;
    if (result.stats.linearizability === 'unknown') summary.undecided++;
    options.onResult?.(result);
    if (result.violation !== null) {
      summary.failures.push(result);
      if (options.stopAtFirstFailure === true) break;
    }
  }
  return summary;
}

/** Simulator options that the command line can express. */
export type FlagOptions = Pick<SimOptions, 'leaderChurn' | 'unsafe' | 'unsafeLocalReads'>;

/** Reads --churn, --unsafe rule[,rule] and --local-reads. */
export function optionsFromFlags(args: Map<string, string>): FlagOptions {
  const options: FlagOptions = {};
  if (args.has('churn')) options.leaderChurn = true;
  if (args.has('local-reads')) options.unsafeLocalReads = true;
  const unsafe = args.get('unsafe');
  if (unsafe !== undefined) {
    options.unsafe = Object.fromEntries(unsafe.split(',').map((rule) => [rule, true]));
  }
  return options;
}

function flags(extra: Partial<SimOptions>): string {
  let text = '';
  if (extra.leaderChurn === true) text += ' --churn';
  if (extra.unsafeLocalReads === true) text += ' --local-reads';
  const rules = Object.keys(extra.unsafe ?? {});
  if (rules.length > 0) text += ` --unsafe ${rules.join(',')}`;
  return text;
}

/** The one command that replays a seed (with its shrunk fault schedule). */
export function replayCommand(
  seed: number,
  nodes: number,
  keptFaults: number[] | null,
  extra: Partial<SimOptions> = {},
): string {
  const faults = keptFaults === null ? '' : ` --faults "${keptFaults.join(',')}"`;
  const base = `npm run sim -w @raftboard/raft -- --seed ${seed} --nodes ${nodes}`;
  return `${base}${faults}${flags(extra)}`;
}

/** A failure report: seed, violation, shrunk fault schedule, last events, replay command. */
export function describeFailure(
  failure: SimResult,
  nodes: number,
  extra: Partial<SimOptions> = {},
) {
  const shrunk = shrink(failure, nodes, extra);
  const stillFails = shrunk.violation !== null;
  const kept = stillFails ? shrunk.keptFaults : failure.keptFaults;
  const lines = [
    `FAIL seed ${failure.seed} (${nodes} nodes): ${failure.violation?.message}`,
    `  fault schedule after shrinking (${kept.length} of ${failure.faults.length}):`,
    ...kept.map((i) => `    #${i} ${JSON.stringify(failure.faults[i])}`),
    '  last events:',
    ...shrunk.trace.slice(-40).map((line) => `    ${line}`),
    `  replay: ${replayCommand(failure.seed, nodes, kept, extra)}`,
  ];
  return lines.join('\n');
}
