import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@raftboard/uuidv7';
import { signUpPerson } from '../client/board.ts';
import { graphql, graphqlUpload } from '../client/graphql.ts';
import { withRetries } from '../client/retry.ts';

/** What one stage loads: tasks over projects, and 1 MiB attachments. */
export interface ScalePlan {
  tasks: number;
  projects: number;
  attachments: number;
}

/** A signed-in person: session token and user id. */
export interface Person {
  token: string;
  userId: string;
}

/** The loaded board: who owns it, who reads the largest project, and where things are. */
export interface SeededBoard {
  owner: Person;
  /** A member of the largest project only, so `searchTasks` as them searches that project. */
  reader: Person;
  largestProjectId: string;
  /** Task counts per project, largest first. */
  taskCounts: number[];
  loadMs: number;
}

/** The share of all tasks the largest project holds (the board and search are measured there). */
const largestProjectShare = 0.1;
/** Tasks per `importTasks` call: the API's bound of 500 (the bench's rows stay far below 1 MiB). */
const importBatchTasks = 500;
/** Size of each attachment: the API's largest, so 1,024 of them make 1 GiB. */
export const attachmentBytes = 1024 * 1024;
/** Uploads in flight at once (each is a 1.4 MB log entry replicated to every node). */
const uploadsInFlight = 2;
/** Attempts of one write, with the same requestId, before the load gives up. */
export const writeAttemptsMax = 5;
/** How long one bulk write may take before it is retried. */
const bulkWriteTimeoutMs = 120_000;
/** One in this many tasks mentions `searchTerm`, so a search has matches to count and page. */
const searchTermEvery = 100;
/** The word `searchTasks` looks for. */
export const searchTerm = 'kestrel';

/** Words the generated titles and descriptions are made of. */
const words =
  'billing onboarding export latency mobile search invoice sync dashboard webhook'.split(' ');
/** The labels of the largest project. */
const labelNames = ['bug', 'feature', 'chore'];

/** Tasks per project: the largest takes `largestProjectShare`, the rest share what is left. */
export function taskCountsOf(plan: Pick<ScalePlan, 'tasks' | 'projects'>): number[] {
  if (plan.projects === 1) return [plan.tasks];
  const largest = Math.round(plan.tasks * largestProjectShare);
  const others = plan.projects - 1;
  const base = Math.floor((plan.tasks - largest) / others);
  const extra = (plan.tasks - largest) % others;
  return [largest, ...Array.from({ length: others }, (_, i) => base + (i < extra ? 1 : 0))];
}

/**
 * An upper estimate of the log entries seeding proposes: the sign-ups, projects, labels and
 * membership, one per import batch, one per upload. The bench sets the compaction threshold
 * above it, so the snapshot a joining node needs is taken while the join is measured.
 */
export function plannedEntries(plan: ScalePlan): number {
  const batches = taskCountsOf(plan).reduce((sum, n) => sum + Math.ceil(n / importBatchTasks), 0);
  const setup = 4 + plan.projects + labelNames.length + 1;
  return setup + batches + plan.attachments;
}

/** One write of the seeding as the owner, exactly once across retries. */
function write<T>(url: string, token: string, query: string, input: Record<string, unknown>) {
  const variables = { input: { ...input, requestId: uuidv7() } };
  const options = { token, timeoutMs: bulkWriteTimeoutMs };
  return withRetries(writeAttemptsMax, () => graphql<T>(url, query, variables, options));
}

interface ProjectShape {
  id: string;
  statusIds: string[];
  labelIds: string[];
}

async function createProject(url: string, owner: Person, name: string): Promise<ProjectShape> {
  const { createProject } = await write<{
    createProject: { project: { id: string; statuses: { id: string }[] } };
  }>(
    url,
    owner.token,
    `mutation ($input: CreateProjectInput!) {
      createProject(input: $input) { project { id statuses { id } } } }`,
    { name },
  );
  const { id, statuses } = createProject.project;
  return { id, statusIds: statuses.map((status) => status.id), labelIds: [] };
}

/** Labels on the largest project, so its board answers carry labels as real boards do. */
async function addLabels(url: string, owner: Person, project: ProjectShape) {
  for (const name of labelNames) {
    const { createLabel } = await write<{ createLabel: { label: { id: string } } }>(
      url,
      owner.token,
      'mutation ($input: CreateLabelInput!) { createLabel(input: $input) { label { id } } }',
      { projectId: project.id, name, color: '#5e6ad2' },
    );
    project.labelIds.push(createLabel.label.id);
  }
}

async function addMember(url: string, owner: Person, projectId: string, userId: string) {
  await write(
    url,
    owner.token,
    'mutation ($input: AddProjectMemberInput!) { addProjectMember(input: $input) { success } }',
    { projectId, userId, role: 'MEMBER' },
  );
}

/** The `ordinal`th generated task of a project: spread over columns, some labelled and assigned. */
function generatedTask(project: ProjectShape, ordinal: number, people: readonly Person[]) {
  const word = (k: number) => words[(ordinal * 7 + k * 13) % words.length] ?? 'task';
  const mention = ordinal % searchTermEvery === 0 ? ` Seen near the ${searchTerm} feeder.` : '';
  const label = project.labelIds[ordinal % 3];
  const assignee = people[ordinal % 4];
  return {
    title: `${word(0)} ${word(1)} #${ordinal}`,
    description: `Look into ${word(2)} and ${word(3)} for the ${word(4)} flow.${mention}`,
    statusId: project.statusIds[ordinal % Math.min(4, project.statusIds.length)],
    priority: (['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const)[ordinal % 4],
    ...(ordinal % 5 === 0 ? { dueDate: `2027-0${1 + (ordinal % 9)}-1${ordinal % 10}` } : {}),
    ...(label === undefined ? {} : { labelIds: [label] }),
    ...(assignee === undefined ? {} : { assigneeIds: [assignee.userId] }),
  };
}

interface ImportJob {
  project: ProjectShape;
  from: number;
  count: number;
  people: readonly Person[];
}

/** The import batches of every project, interleaved so concurrent importers spread out. */
function importJobs(projects: ProjectShape[], counts: number[], people: Person[]): ImportJob[] {
  const perProject = projects.map((project, p) => {
    const jobs: ImportJob[] = [];
    const total = counts[p] ?? 0;
    // Only the largest project's tasks are labelled and assigned (its members are known).
    const assignees = p === 0 ? people : [];
    for (let from = 0; from < total; from += importBatchTasks) {
      jobs.push({
        project,
        from,
        count: Math.min(importBatchTasks, total - from),
        people: assignees,
      });
    }
    return jobs;
  });
  const rounds = Math.max(0, ...perProject.map((jobs) => jobs.length));
  return Array.from({ length: rounds }, (_, r) =>
    perProject.flatMap((jobs) => (jobs[r] ? [jobs[r]] : [])),
  ).flat();
}

async function runImport(url: string, owner: Person, job: ImportJob): Promise<string | null> {
  const tasks = Array.from({ length: job.count }, (_, i) =>
    generatedTask(job.project, job.from + i, job.people),
  );
  const { importTasks } = await write<{ importTasks: { tasks?: { id: string }[] } }>(
    url,
    owner.token,
    // The first batch of a project answers one task id: where that project's files go.
    job.from === 0
      ? 'mutation ($input: ImportTasksInput!) { importTasks(input: $input) { tasks { id } } }'
      : 'mutation ($input: ImportTasksInput!) { importTasks(input: $input) { count } }',
    { projectId: job.project.id, tasks },
  );
  return importTasks.tasks?.[0]?.id ?? null;
}

/** Runs `work` over `items` with `inFlight` at a time; resolves when all are done. */
async function pooled<T>(items: readonly T[], inFlight: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
}

async function uploadAttachment(url: string, owner: Person, taskId: string, ordinal: number) {
  const file = new File([randomBytes(attachmentBytes)], `scale-${ordinal}.bin`, {
    type: 'application/octet-stream',
  });
  const variables = { t: taskId, r: uuidv7() };
  await withRetries(writeAttemptsMax, () =>
    graphqlUpload(
      url,
      `mutation ($t: ID!, $f: File!, $r: String) {
        uploadAttachment(taskId: $t, file: $f, requestId: $r) { index } }`,
      { variables, fileVariable: 'f', file },
      { token: owner.token, timeoutMs: bulkWriteTimeoutMs },
    ),
  );
}

/**
 * Loads `plan` through node `url` (the leader) with the real write path: people and projects,
 * tasks with `importTasks` (`importers` calls in flight), then the attachments through the
 * multipart upload, spread over the projects' first tasks.
 */
export async function seedBoard(
  url: string,
  plan: ScalePlan,
  options: { importers: number },
): Promise<SeededBoard> {
  const started = performance.now();
  const owner = await signUpPerson(url);
  const reader = await signUpPerson(url);
  const projects: ProjectShape[] = [];
  for (let p = 0; p < plan.projects; p++) {
    projects.push(await createProject(url, owner, `Scale project ${p + 1}`));
  }
  const largest = projects[0] as ProjectShape;
  await addLabels(url, owner, largest);
  await addMember(url, owner, largest.id, reader.userId);
  const taskCounts = taskCountsOf(plan);
  const fileTargets: string[] = [];
  await pooled(
    importJobs(projects, taskCounts, [owner, reader]),
    options.importers,
    async (job) => {
      const first = await runImport(url, owner, job);
      if (first !== null) fileTargets.push(first);
    },
  );
  const uploads = Array.from({ length: plan.attachments }, (_, i) => i);
  await pooled(uploads, uploadsInFlight, (i) =>
    uploadAttachment(url, owner, fileTargets[i % fileTargets.length] ?? '', i),
  );
  const loadMs = performance.now() - started;
  return { owner, reader, largestProjectId: largest.id, taskCounts, loadMs };
}
