import type { CombinedError } from '@urql/core';

/** The API's bound on one import's text (`ImportTasksCsvInput.csv`), in UTF-8 bytes. */
export const importCsvBytesMax = 1_048_576;

/**
 * One problem of an import, as the API reports it: row 1 is the header; a problem of the whole
 * file (no title column, too many rows) has no row.
 */
export interface CsvRowError {
  row: number | null;
  column: string | null;
  message: string;
}

/** Why an import was refused: the API's message, and its row problems when it listed them. */
export interface CsvImportFailure {
  message: string;
  rowErrors: CsvRowError[];
  /** How many problems there are in all; the API lists the first 20. */
  rowErrorCount: number;
}

function rowErrorOf(value: unknown): CsvRowError | null {
  if (value === null || typeof value !== 'object') return null;
  const { row, column, message } = value as Record<string, unknown>;
  if (typeof message !== 'string') return null;
  return {
    row: typeof row === 'number' ? row : null,
    column: typeof column === 'string' && column !== '' ? column : null,
    message,
  };
}

/**
 * A failed import in words for the section: `extensions.rowErrors` ({ row, column, message })
 * and `extensions.rowErrorCount` when the API checked the rows, else only its message.
 */
export function csvImportFailure(error: CombinedError | undefined): CsvImportFailure {
  const first = error?.graphQLErrors[0];
  if (!first) {
    return {
      message: error?.networkError ? 'The board cannot reach the cluster.' : 'No answer.',
      rowErrors: [],
      rowErrorCount: 0,
    };
  }
  const extensions = first.extensions ?? {};
  const listed = Array.isArray(extensions.rowErrors) ? extensions.rowErrors : [];
  const rowErrors = listed.map(rowErrorOf).filter((each) => each !== null);
  const count = extensions.rowErrorCount;
  return {
    message: first.message,
    rowErrors,
    rowErrorCount: typeof count === 'number' ? count : rowErrors.length,
  };
}

/** "Row 3, priority: not a priority" for one problem; "title: …" for a whole column. */
export function rowErrorInWords(rowError: CsvRowError): string {
  const where = [rowError.row === null ? null : `Row ${rowError.row}`, rowError.column]
    .filter((part) => part !== null)
    .join(', ');
  return where === '' ? rowError.message : `${where}: ${rowError.message}`;
}

/** A file name for a project's export: `<project>-tasks-<YYYY-MM-DD>.csv`, safe characters only. */
export function tasksCsvFileName(projectName: string, now: Date): string {
  const name = projectName
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${name || 'project'}-tasks-${now.toISOString().slice(0, 10)}.csv`;
}
