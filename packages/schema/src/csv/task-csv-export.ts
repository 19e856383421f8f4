import Papa from 'papaparse';
import { guardedCell } from './formula-guard.ts';

/** The columns of an exported task CSV, in order: its header row. */
export const taskCsvColumns = [
  'id',
  'title',
  'description',
  'status',
  'priority',
  'dueDate',
  'startDate',
  'labels',
  'assignees',
  'createdAt',
  'completedAt',
] as const;

/** How the names of a many-valued cell (labels, assignees) are joined. */
export const csvListSeparator = '; ';

/** RFC 4180's line break, between records. */
export const csvLineBreak = '\r\n';

/** One task as a CSV row states it: names, not ids, except the task's own (global) id. */
export interface TaskCsvRecord {
  id: string;
  title: string;
  description: string;
  status: string;
  /** The `Priority` enum value: NONE, LOW, MEDIUM, HIGH or URGENT. */
  priority: string;
  dueDate: string | null;
  startDate: string | null;
  labels: readonly string[];
  /** Usernames: the handle every member of a project sees (emails are private). */
  assignees: readonly string[];
  createdAt: Date;
  completedAt: Date | null;
}

function cellsOf(record: TaskCsvRecord): string[] {
  return [
    record.id,
    record.title,
    record.description,
    record.status,
    record.priority,
    record.dueDate ?? '',
    record.startDate ?? '',
    record.labels.join(csvListSeparator),
    record.assignees.join(csvListSeparator),
    record.createdAt.toISOString(),
    record.completedAt?.toISOString() ?? '',
  ];
}

/**
 * RFC 4180 records, CRLF between them (none after the last): a cell is quoted when it holds a
 * comma, a quote (doubled), a line break or edge spaces, and every cell is formula-guarded
 * (see formula-guard.ts). Empty string for no records.
 */
export function taskCsvRecords(records: readonly TaskCsvRecord[]): string {
  const rows = records.map((record) => cellsOf(record).map(guardedCell));
  return Papa.unparse(rows, { header: false, newline: csvLineBreak, quotes: false });
}

/** The header row, without a line break. */
export function taskCsvHeader(): string {
  return Papa.unparse([[...taskCsvColumns]], { header: false, newline: csvLineBreak });
}
