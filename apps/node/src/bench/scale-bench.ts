import { provisionMysqlServer } from '@raftboard/db/provision';
import { attachmentBytes, type ScalePlan } from './scale-data.ts';
import { runStage, type StageFigures, type StageOptions } from './scale-stage.ts';
import { doneWhenLines, scaleTable } from './scale-table.ts';
import { benchSettings } from './settings.ts';

/** The large stage: a million tasks. */
const defaultTasks = 1_000_000;
/** `--quick`: 100,000 tasks against 10,000. */
const quickTasks = 100_000;
/** The small stage holds at most this many tasks, and at most a tenth of the large one. */
const smallTasksMax = 10_000;
/** Attachments when `--attachments-mib` is not given: 1 GiB per million tasks. */
const attachmentMibPerTask = 1_024 / 1_000_000;

const usage = [
  'usage: npm run bench:scale [-- --tasks 1000000 --attachments-mib 1024 --projects 100',
  '  --importers 6 --runs 100 --base-port 8300 --quick]',
  '  The small stage has min(10,000, tasks ÷ 10) tasks and attachments scaled alike;',
  '  --attachments-mib defaults to 1 MiB per 1,000 tasks; --quick runs 100,000 vs 10,000.',
].join('\n');

/** The run's settings from the command line; on a bad one, says why and exits with status 2. */
function settings() {
  const { values, flags, given } = benchSettings(
    {
      tasks: { default: defaultTasks, min: 1_000, max: 10_000_000, integer: true },
      'attachments-mib': { default: 1_024, min: 0, max: 10_240, integer: true },
      projects: { default: 100, min: 1, max: 1_000, integer: true },
      importers: { default: 6, min: 1, max: 16, integer: true },
      runs: { default: 100, min: 10, max: 10_000, integer: true },
      'base-port': { default: 8_300, min: 1_025, max: 65_000, integer: true },
    },
    ['quick'],
    usage,
  );
  const tasks = given.has('tasks') ? values.tasks : flags.quick ? quickTasks : defaultTasks;
  const attachmentsMib = given.has('attachments-mib')
    ? values['attachments-mib']
    : Math.round(tasks * attachmentMibPerTask);
  return {
    large: { tasks, projects: values.projects, attachments: attachmentsMib },
    importers: values.importers,
    runs: values.runs,
    basePort: values['base-port'],
  };
}

/** The small stage: the same shape, scaled down by the same factor. */
function smallPlanOf(large: ScalePlan): ScalePlan {
  const tasks = Math.min(smallTasksMax, Math.floor(large.tasks / 10));
  const attachments = Math.round((large.attachments * tasks) / large.tasks);
  return { tasks, projects: large.projects, attachments };
}

function describe(plan: ScalePlan): string {
  const mib = (plan.attachments * attachmentBytes) / (1024 * 1024);
  return `${plan.tasks.toLocaleString('en-US')} tasks over ${plan.projects} projects, ${mib} MiB of attachments`;
}

/** One line on how a stage went, printed as soon as it ends. */
function stageLine(name: string, figures: StageFigures): string {
  const load =
    figures.loadSeconds === null
      ? 'load failed'
      : `loaded in ${figures.loadSeconds.toFixed(1)} s ` +
        `(${Math.round(figures.plan.tasks / figures.loadSeconds).toLocaleString('en-US')} tasks/s)`;
  const join = figures.joined
    ? `n4 joined in ${figures.joinSeconds?.toFixed(1)} s`
    : 'n4 did not join';
  const entries = `${figures.entriesAfterLoad ?? '?'} log entries, compaction at ${figures.thresholdEntries}`;
  const failures = figures.failures.length > 0 ? `; failed: ${figures.failures.join('; ')}` : '';
  return `${name} stage: ${load}; ${entries}; ${join}${failures}`;
}

async function stage(name: string, plan: ScalePlan, options: Omit<StageOptions, 'name'>) {
  console.log(`${name} stage: ${describe(plan)} on a fresh 3-node cluster…`);
  const figures = await runStage(plan, { ...options, name });
  console.log(stageLine(name, figures));
  return figures;
}

/**
 * `npm run bench:scale`: a small and a large stage, each on a fresh 3-node cluster loaded
 * through `importTasks` and the upload path, then a fourth node joining by snapshot; prints
 * both stages side by side with large ÷ small, and the done-when check.
 */
async function main() {
  const options = settings();
  const small = smallPlanOf(options.large);
  const mysql = await provisionMysqlServer();
  try {
    const common = {
      serverUrl: mysql.url,
      basePort: options.basePort,
      importers: options.importers,
      queryRuns: options.runs,
    };
    const smallFigures = await stage('small', small, common);
    const largeFigures = await stage('large', options.large, common);
    console.log(`\n${scaleTable(smallFigures, largeFigures)}\n`);
    for (const line of doneWhenLines(smallFigures, largeFigures)) console.log(line);
  } finally {
    await mysql.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
