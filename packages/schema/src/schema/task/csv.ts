import type { Executor } from '@raftboard/db/client';
import { importTasksBytesMax, importTasksMax, safeParseCommand } from '@raftboard/db/commands';
import { usersByIds } from '@raftboard/db/queries/auth';
import {
  labelsOfProject,
  membersOfProject,
  statusesOfProject,
} from '@raftboard/db/queries/projects';
import { listTaskPage, type TaskKeyset } from '@raftboard/db/queries/task-pages';
import {
  assigneesOfTasks,
  type TaskFilter as DbTaskFilter,
  labelsOfTasks,
} from '@raftboard/db/queries/tasks';
import type { TaskRow } from '@raftboard/db/schema';
import { uuidv7 } from '@raftboard/uuidv7';
import { requireViewer } from '../../auth/access.ts';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import {
  csvLineBreak,
  type TaskCsvRecord,
  taskCsvHeader,
  taskCsvRecords,
} from '../../csv/task-csv-export.ts';
import {
  type CsvRowError,
  type ImportedCsvColumn,
  parseTaskCsv,
  type ResolvedCsvTask,
  resolveTaskCsvRow,
  type TaskCsvRow,
  taskCsvLookups,
} from '../../csv/task-csv-import.ts';
import { invalidInput } from '../../errors.ts';
import { encodeGlobalId } from '../../global-id.ts';
import { requestIdDescription } from '../../write/payload.ts';
import { validationIssuesMax } from '../../write/propose.ts';
import { Project } from '../project.ts';
import { TaskFilter, toDbFilter } from './filter.ts';
import {
  type ImportedTaskCommand,
  ImportTasksPayload,
  proposeTaskImport,
} from './import-proposal.ts';

/** Bound on the tasks one `tasksCsv` exports; more is refused, never cut short. */
export const tasksCsvRowsMax = 10_000;
/** Bound on the UTF-8 bytes of one `tasksCsv` answer (descriptions reach 64 KiB each). */
export const tasksCsvBytesMax = 16 * 1024 * 1024;
/** Tasks read (and their labels and assignees) per query while exporting. */
export const tasksCsvPageRowsMax = 500;

// ---------------------------------------------------------------------------------------------
// Export

/** Names by task id, in the order given. */
function namesByTask(rows: readonly { taskId: string; name: string }[]) {
  const names = new Map<string, string[]>();
  for (const { taskId, name } of rows) {
    const list = names.get(taskId);
    if (list) list.push(name);
    else names.set(taskId, [name]);
  }
  return names;
}

/** The CSV records of one page of tasks: names looked up in two queries for the whole page. */
async function csvRecordsOf(
  db: Executor,
  tasks: readonly TaskRow[],
  statusNames: ReadonlyMap<string, string>,
): Promise<TaskCsvRecord[]> {
  const ids = tasks.map((task) => task.id);
  const [assigned, labelled] = await Promise.all([
    assigneesOfTasks(db, ids),
    labelsOfTasks(db, ids),
  ]);
  const usernames = namesByTask(assigned.map((row) => ({ ...row, name: row.user.username })));
  const labelNames = namesByTask(labelled.map((row) => ({ ...row, name: row.label.name })));
  return tasks.map((task) => ({
    id: encodeGlobalId('Task', task.id),
    title: task.title,
    description: task.description,
    status: statusNames.get(task.statusId) ?? '',
    priority: task.priorityId.toUpperCase(),
    dueDate: task.dueDate,
    startDate: task.startDate,
    labels: labelNames.get(task.id) ?? [],
    // Usernames only: a member sees other members' usernames, never their emails.
    assignees: usernames.get(task.id) ?? [],
    createdAt: task.createdAt,
    completedAt: task.completedAt,
  }));
}

/**
 * Requests that ran an export, by their loaders (one object per request, shared by reference
 * however the context is copied). One export per request: a list of projects or aliases would
 * otherwise multiply `tasksCsvBytesMax` in one answer.
 */
const exportingRequests = new WeakSet<object>();

function claimExport(context: GraphQLContext): void {
  if (exportingRequests.has(context.loaders)) {
    throw invalidInput('one tasksCsv per request; ask for each project in a request of its own');
  }
  exportingRequests.add(context.loaders);
}

function exportTooLarge(): never {
  throw invalidInput(
    [
      `more than ${tasksCsvRowsMax} tasks or ${tasksCsvBytesMax} bytes match; export them in`,
      'parts with `filter` (by status, or by createdAt)',
    ].join(' '),
  );
}

/**
 * A project's live tasks matching `filter` as CSV, in board order. Reads pages of
 * `tasksCsvPageRowsMax` along the board index (keyset, never OFFSET) and refuses rather than
 * truncates past `tasksCsvRowsMax` tasks or `tasksCsvBytesMax` bytes.
 */
async function projectTasksCsv(
  db: Executor,
  projectId: string,
  filter: DbTaskFilter | undefined,
): Promise<string> {
  const statuses = await statusesOfProject(db, projectId);
  const statusNames = new Map(statuses.map((status) => [status.id, status.name]));
  const chunks = [taskCsvHeader()];
  let bytes = Buffer.byteLength(chunks[0] ?? '');
  let exported = 0;
  let after: TaskKeyset | null = null;
  for (;;) {
    const limit = Math.min(tasksCsvPageRowsMax, tasksCsvRowsMax + 1 - exported);
    const order = { field: 'position', direction: 'asc' } as const;
    const page = await listTaskPage(db, { projectIds: [projectId], filter, order, after, limit });
    if (page.length === 0) break;
    exported += page.length;
    if (exported > tasksCsvRowsMax) exportTooLarge();
    const chunk = taskCsvRecords(
      await csvRecordsOf(
        db,
        page.map((row) => row.task),
        statusNames,
      ),
    );
    bytes += csvLineBreak.length + Buffer.byteLength(chunk);
    if (bytes > tasksCsvBytesMax) exportTooLarge();
    chunks.push(chunk);
    if (page.length < limit) break;
    after = page[page.length - 1]?.keyset ?? null;
  }
  return chunks.join(csvLineBreak);
}

builder.objectField(Project, 'tasksCsv', (t) =>
  t.string({
    description: [
      'The project’s tasks (not deleted; subtasks too, without their parent) as RFC 4180 CSV, in',
      'board order: a header row, then one row per task, CRLF between rows. Columns: id (the',
      'task’s global id), title, description, status (column name), priority (NONE … URGENT),',
      'dueDate and startDate (YYYY-MM-DD), labels (names joined by "; "), assignees (usernames',
      'joined by "; "), createdAt and completedAt (ISO 8601 instants). Every member exports,',
      'viewers too. Against formula injection (OWASP), a cell starting with =, +, -, @, a tab, a',
      'carriage return or a single quote gets a single quote in front; `importTasksCsv` removes it.',
      `At most ${tasksCsvRowsMax} tasks and ${tasksCsvBytesMax} bytes: past either the answer`,
      'is BAD_USER_INPUT (never a cut-short file); export in parts with `filter`. One',
      '`tasksCsv` per request (BAD_USER_INPUT for the others).',
    ].join(' '),
    args: {
      filter: t.arg({
        type: TaskFilter,
        required: false,
        description: 'Only tasks that match, as for `tasks`. Default: all.',
      }),
    },
    resolve: (project, args, context) => {
      const filter = args.filter ? toDbFilter(args.filter) : undefined;
      claimExport(context);
      return projectTasksCsv(context.db, project.id, filter);
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Import

/** BAD_USER_INPUT listing the first problems; `extensions.rowErrors` holds them as data. */
function rowErrorsRefusal(errors: readonly CsvRowError[]) {
  const listed = errors.slice(0, validationIssuesMax);
  const where = (error: CsvRowError) =>
    [error.row === null ? null : `row ${error.row}`, error.column].filter(Boolean).join(', ');
  const summary = listed.map((error) =>
    error.row === null && error.column === null
      ? error.message
      : `${where(error)}: ${error.message}`,
  );
  const problems = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return invalidInput(`nothing was imported; the CSV has ${problems}: ${summary.join('; ')}`, {
    rowErrors: listed,
    rowErrorCount: errors.length,
  });
}

/** The CSV column of a `task.import` task's field. */
const columnOfField: Record<string, ImportedCsvColumn> = {
  title: 'title',
  description: 'description',
  statusId: 'status',
  priority: 'priority',
  dueDate: 'dueDate',
  labelIds: 'labels',
  assigneeIds: 'assignees',
};

/**
 * The command's own rules (title and description lengths, label and assignee counts, the
 * import's bytes) checked before proposing, so that each problem names its CSV row.
 */
function commandProblems(
  context: GraphQLContext,
  projectId: string,
  rows: readonly { row: TaskCsvRow; task: ResolvedCsvTask }[],
): CsvRowError[] {
  const parsed = safeParseCommand({
    type: 'task.import',
    payload: { projectId, tasks: rows.map(({ task }) => task) },
    actor: requireViewer(context.viewer, 'write').userId,
    requestId: uuidv7(context.now()),
    at: context.now().getTime(),
  });
  if (parsed.ok) return [];
  return parsed.error.issues.map((issue) => {
    const [, , index, field] = issue.path;
    const row = typeof index === 'number' ? (rows[index]?.row.row ?? null) : null;
    const column = typeof field === 'string' ? (columnOfField[field] ?? null) : null;
    return { row, column, message: issue.message };
  });
}

/** The project's columns, labels and members, to resolve a CSV's names against. */
async function importLookups(db: Executor, projectId: string) {
  const [statuses, labels, members] = await Promise.all([
    statusesOfProject(db, projectId),
    labelsOfProject(db, projectId),
    membersOfProject(db, projectId),
  ]);
  const users = await usersByIds(
    db,
    members.map((member) => member.userId),
  );
  return taskCsvLookups({ statuses, labels, members: users });
}

/** The `task.import` tasks a CSV asks for; BAD_USER_INPUT naming the rows when any is bad. */
async function tasksFromCsv(
  context: GraphQLContext,
  projectId: string,
  csv: string,
): Promise<ImportedTaskCommand[]> {
  const bytes = Buffer.byteLength(csv);
  if (bytes > importTasksBytesMax) {
    throw invalidInput(
      `the CSV has ${bytes} bytes; import at most ${importTasksBytesMax} at a time`,
    );
  }
  const parsed = parseTaskCsv(csv, { rowsMax: importTasksMax });
  if (parsed.errors.length > 0) throw rowErrorsRefusal(parsed.errors);
  const lookups = await importLookups(context.db, projectId);
  const resolved = parsed.rows.map((row) => ({ row, ...resolveTaskCsvRow(row, lookups) }));
  const problems = resolved.flatMap((entry) => entry.errors);
  if (problems.length > 0) throw rowErrorsRefusal(problems);
  const commandErrors = commandProblems(context, projectId, resolved);
  if (commandErrors.length > 0) throw rowErrorsRefusal(commandErrors);
  return resolved.map((entry) => entry.task);
}

const ImportTasksCsvInput = builder.inputType('ImportTasksCsvInput', {
  description: 'A CSV file of tasks to create together in one project.',
  fields: (t) => ({
    projectId: t.globalID({ required: true, for: Project, description: 'The project.' }),
    csv: t.string({
      required: true,
      description: [
        `The file’s text: at most ${importTasksBytesMax} bytes (UTF-8) and ${importTasksMax}`,
        'task rows after a header row; see `importTasksCsv` for the columns.',
      ].join(' '),
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

builder.mutationField('importTasksCsv', (t) =>
  t.field({
    type: ImportTasksPayload,
    description: [
      'Creates a project’s tasks from CSV (RFC 4180, comma-separated, optional UTF-8 BOM) in one',
      'log entry, all or none, as `importTasks` does. Members and up. The header row names the',
      'columns in any order and case: title (required), description, status (a column’s name;',
      'empty: the first UNSTARTED column), priority (NONE, LOW, MEDIUM, HIGH or URGENT, any',
      'case; empty: NONE), dueDate (YYYY-MM-DD), labels (names of the project’s labels joined by',
      '";"; unknown names are an error, never created) and assignees (usernames or emails of',
      'project members joined by ";"). The columns `tasksCsv` adds (id, startDate, createdAt,',
      'completedAt) are skipped, and the single quote of its formula guard is removed, so an',
      'export imports back as it was (split it when it has more rows than an import takes).',
      'Every row is checked first: when any is bad, nothing is imported and the answer is',
      `BAD_USER_INPUT listing the first ${validationIssuesMax} problems in the message and in`,
      '`extensions.rowErrors` ({ row, column, message }; row 1 is the header) with',
      '`extensions.rowErrorCount`.',
    ].join(' '),
    args: {
      input: t.arg({ type: ImportTasksCsvInput, required: true, description: 'The file.' }),
    },
    resolve: (_root, { input }, context) => {
      const projectId = input.projectId.id;
      return proposeTaskImport(context, {
        projectId,
        requestId: input.requestId,
        validate: () => tasksFromCsv(context, projectId, input.csv),
      });
    },
  }),
);
