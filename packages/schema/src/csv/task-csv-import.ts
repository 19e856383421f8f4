import { type PriorityId, priorityIds } from '@raftboard/db/schema';
import Papa from 'papaparse';
import { unguardedCell } from './formula-guard.ts';

/**
 * One problem of an imported CSV. `row` counts records as a spreadsheet shows them, the header
 * being row 1 (a quoted cell with line breaks is still one row); null for the file as a whole.
 * `column` is the canonical column name, null for the row as a whole.
 */
export interface CsvRowError {
  row: number | null;
  column: string | null;
  message: string;
}

/** Columns an import reads, by canonical name. */
export const importedCsvColumns = [
  'title',
  'description',
  'status',
  'priority',
  'dueDate',
  'labels',
  'assignees',
] as const;

/** An imported column's canonical name. */
export type ImportedCsvColumn = (typeof importedCsvColumns)[number];

/** Columns of an export that an import accepts and skips (apply decides them, or cannot set). */
export const skippedCsvColumns = ['id', 'startDate', 'createdAt', 'completedAt'] as const;

/** A task row of an imported CSV: its row number and its cells by column, formula guard undone. */
export interface TaskCsvRow {
  row: number;
  cells: Partial<Record<ImportedCsvColumn, string>>;
}

/** A header name compared loosely: case, spaces, `_` and `-` do not matter ("Due date"). */
function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

const columnsByKey = new Map<string, ImportedCsvColumn | 'skipped'>([
  ...importedCsvColumns.map((column) => [headerKey(column), column] as const),
  ...skippedCsvColumns.map((column) => [headerKey(column), 'skipped'] as const),
]);

/** A value quoted for a message, cut to a readable length. */
export function quoted(value: string): string {
  const lengthMax = 40;
  return JSON.stringify(value.length > lengthMax ? `${value.slice(0, lengthMax)}…` : value);
}

/** Which imported column each header cell names (null: skipped), or the header's problems. */
function readHeader(header: readonly string[]) {
  const errors: CsvRowError[] = [];
  const columns: (ImportedCsvColumn | null)[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    const column = columnsByKey.get(headerKey(name));
    if (column === undefined) {
      const known = [...importedCsvColumns, ...skippedCsvColumns].join(', ');
      errors.push({ row: 1, column: null, message: `unknown column ${quoted(name)} (${known})` });
    } else if (column !== 'skipped' && seen.has(column)) {
      errors.push({ row: 1, column, message: 'the column appears twice' });
    }
    if (column !== undefined && column !== 'skipped') seen.add(column);
    columns.push(column === undefined || column === 'skipped' ? null : column);
  }
  if (!seen.has('title')) {
    errors.push({ row: 1, column: 'title', message: 'the header row has no title column' });
  }
  return { columns, errors };
}

/** The rows of `records` after the header, blank ones skipped, or each row's shape problem. */
function readRows(records: readonly string[][], columns: readonly (ImportedCsvColumn | null)[]) {
  const rows: TaskCsvRow[] = [];
  const errors: CsvRowError[] = [];
  records.forEach((cells, index) => {
    const row = index + 1;
    if (index === 0 || cells.every((cell) => cell.trim() === '')) return;
    if (cells.slice(columns.length).some((cell) => cell.trim() !== '')) {
      const message = `${cells.length} cells, but the header names ${columns.length} columns`;
      errors.push({ row, column: null, message });
      return;
    }
    const byColumn: TaskCsvRow['cells'] = {};
    columns.forEach((column, at) => {
      if (column !== null) byColumn[column] = unguardedCell(cells[at] ?? '');
    });
    rows.push({ row, cells: byColumn });
  });
  return { rows, errors };
}

/**
 * Reads a task CSV: comma-separated, RFC 4180 quoting, CRLF or LF line breaks, an optional
 * UTF-8 byte order mark, and a header row naming the columns (any order, any case; `title` is
 * required; the export's `id`, `startDate`, `createdAt` and `completedAt` are skipped). Cells
 * lose the single quote the export's formula guard added. Refuses more than `rowsMax` task rows,
 * or none. Every problem found is returned; the rows are meaningful only when there is none.
 */
export function parseTaskCsv(text: string, options: { rowsMax: number }) {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    header: false,
    delimiter: ',',
    quoteChar: '"',
    skipEmptyLines: false,
  });
  const errors: CsvRowError[] = parsed.errors.map((error) => ({
    row: error.row === undefined ? null : error.row + 1,
    column: null,
    message: error.message,
  }));
  const [header] = parsed.data;
  if (header === undefined || header.every((cell) => cell.trim() === '')) {
    return { rows: [], errors: [...errors, { row: 1, column: null, message: 'no header row' }] };
  }
  const { columns, errors: headerErrors } = readHeader(header);
  const { rows, errors: rowErrors } = readRows(parsed.data, columns);
  errors.push(...headerErrors, ...rowErrors);
  if (rows.length === 0) errors.push({ row: null, column: null, message: 'no task rows' });
  if (rows.length > options.rowsMax) {
    const message = `${rows.length} task rows; import at most ${options.rowsMax} at a time`;
    errors.push({ row: null, column: null, message });
  }
  return { rows, errors };
}

/** What a task's names resolve against: the importing project as it is now. */
export interface TaskCsvLookups {
  /** Column ids by lower-cased name, and the names in board order (for messages). */
  statusIdByName: ReadonlyMap<string, string>;
  statusNames: readonly string[];
  /** Label ids by `labelKey(name)`. */
  labelIdByKey: ReadonlyMap<string, string>;
  /** Members' user ids by lower-cased username and by email. */
  memberIdByHandle: ReadonlyMap<string, string>;
}

/**
 * A label name as an import compares it: lower-cased (names are unique case-insensitively) and
 * with no spaces around the `;` of a name that contains one, so the export's "; " between names
 * does not hide it.
 */
export function labelKey(name: string): string {
  return name
    .split(';')
    .map((part) => part.trim())
    .join(';')
    .toLowerCase();
}

/** The lookups of a project's columns, labels and members. */
export function taskCsvLookups(project: {
  statuses: readonly { id: string; name: string }[];
  labels: readonly { id: string; name: string }[];
  members: readonly { id: string; username: string; email: string }[];
}): TaskCsvLookups {
  const memberIdByHandle = new Map<string, string>();
  for (const member of project.members) {
    memberIdByHandle.set(member.username.toLowerCase(), member.id);
    memberIdByHandle.set(member.email.toLowerCase(), member.id);
  }
  return {
    statusIdByName: new Map(
      project.statuses.map((status) => [status.name.toLowerCase(), status.id]),
    ),
    statusNames: project.statuses.map((status) => status.name),
    labelIdByKey: new Map(project.labels.map((label) => [labelKey(label.name), label.id])),
    memberIdByHandle,
  };
}

/** A task as a CSV row asks for it, with ids: the shape of one `task.import` task. */
export interface ResolvedCsvTask {
  title: string;
  description: string;
  statusId?: string;
  priority: PriorityId;
  dueDate: string | null;
  assigneeIds: string[];
  labelIds: string[];
}

/** Collects one row's problems, each naming its column. */
class RowProblems {
  readonly errors: CsvRowError[] = [];
  constructor(private readonly row: number) {}
  add(column: ImportedCsvColumn, message: string): void {
    this.errors.push({ row: this.row, column, message });
  }
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function resolveStatus(cell: string, lookups: TaskCsvLookups, problems: RowProblems) {
  const name = cell.trim();
  if (name === '') return undefined;
  const id = lookups.statusIdByName.get(name.toLowerCase());
  if (id === undefined) {
    const columns = lookups.statusNames.slice(0, 10).join(', ');
    problems.add('status', `no column is named ${quoted(name)} (columns: ${columns})`);
  }
  return id;
}

function resolvePriority(cell: string, problems: RowProblems): PriorityId {
  const value = cell.trim().toLowerCase();
  if (value === '') return 'none';
  const priority = priorityIds.find((id) => id === value);
  if (priority === undefined) {
    const known = priorityIds.map((id) => id.toUpperCase()).join(', ');
    problems.add('priority', `${quoted(cell.trim())} is not a priority (${known})`);
  }
  return priority ?? 'none';
}

function resolveDueDate(cell: string, problems: RowProblems): string | null {
  const value = cell.trim();
  if (value === '') return null;
  if (!isCalendarDate(value)) problems.add('dueDate', `${quoted(value)} is not a YYYY-MM-DD day`);
  return value;
}

/** Label names have at most 64 characters, so no name spans more `;`-separated parts. */
const labelPartsMax = 64;

/** The label that the longest run of `parts` from `at` names, and where that run ends. */
function longestLabelAt(parts: readonly string[], at: number, lookups: TaskCsvLookups) {
  for (let end = Math.min(parts.length, at + labelPartsMax); end > at; end -= 1) {
    const id = lookups.labelIdByKey.get(labelKey(parts.slice(at, end).join(';')));
    if (id !== undefined) return { id, end };
  }
  return null;
}

/**
 * Label ids of a cell of names joined by ";". Reading left to right, the longest run of parts
 * that names a label wins, so a label whose own name has a ";" still resolves.
 */
function resolveLabels(cell: string, lookups: TaskCsvLookups, problems: RowProblems) {
  const parts = cell
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const ids: string[] = [];
  for (let at = 0; at < parts.length; ) {
    const found = longestLabelAt(parts, at, lookups);
    if (found === null) {
      problems.add('labels', `no label is named ${quoted(parts[at] ?? '')}`);
      at += 1;
    } else {
      ids.push(found.id);
      at = found.end;
    }
  }
  return [...new Set(ids)];
}

function resolveAssignees(cell: string, lookups: TaskCsvLookups, problems: RowProblems) {
  const ids: string[] = [];
  for (const part of cell.split(';')) {
    const handle = part.trim().toLowerCase();
    if (handle === '') continue;
    const id =
      lookups.memberIdByHandle.get(handle) ??
      (handle.startsWith('@') ? lookups.memberIdByHandle.get(handle.slice(1)) : undefined);
    if (id === undefined) {
      problems.add(
        'assignees',
        `no member of the project has the username or email ${quoted(handle)}`,
      );
    } else {
      ids.push(id);
    }
  }
  return [...new Set(ids)];
}

/**
 * The task a row asks for, its names resolved against the project, or every problem of the
 * row. Empty cells take `createTask`'s defaults (first UNSTARTED column, NONE, no day). Lengths
 * and counts are left to the `task.import` command's own validation.
 */
export function resolveTaskCsvRow(
  row: TaskCsvRow,
  lookups: TaskCsvLookups,
): { task: ResolvedCsvTask; errors: CsvRowError[] } {
  const problems = new RowProblems(row.row);
  const { cells } = row;
  if ((cells.title ?? '').trim() === '') problems.add('title', 'a task needs a title');
  const statusId = resolveStatus(cells.status ?? '', lookups, problems);
  const task: ResolvedCsvTask = {
    title: cells.title ?? '',
    description: cells.description ?? '',
    ...(statusId === undefined ? {} : { statusId }),
    priority: resolvePriority(cells.priority ?? '', problems),
    dueDate: resolveDueDate(cells.dueDate ?? '', problems),
    labelIds: resolveLabels(cells.labels ?? '', lookups, problems),
    assigneeIds: resolveAssignees(cells.assignees ?? '', lookups, problems),
  };
  return { task, errors: problems.errors };
}
