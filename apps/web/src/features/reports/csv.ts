/** One column of a CSV export (and of the table that shows the same numbers). */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"):
 * = + - @, and tab and carriage return, which some spreadsheets skip before looking.
 */
const formulaStart = /^[=+\-@\t\r]/;

/** Characters that force a cell into quotes (RFC 4180). */
const needsQuotes = /[",\r\n]/;

/**
 * One cell as CSV text. Text that a spreadsheet would run as a formula gets a leading `'`;
 * numbers are ours and stay as they are (so -3 stays a number). Text with a comma, quote or
 * line break is quoted, with quotes doubled. null, and numbers that are not finite, are empty.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The rows as CSV (RFC 4180): a header line of the columns' headers, then one line per row,
 * lines separated by CRLF. Every cell, headers included, goes through `csvCell`.
 */
export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  const lines = [columns.map((column) => csvCell(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(column.value(row))).join(','));
  return lines.join('\r\n');
}

/** A file name of letters, digits, dots, dashes and underscores only. */
export function csvFileName(parts: readonly string[]): string {
  const name = parts
    .map((part) => part.trim().replace(/[^A-Za-z0-9._-]+/g, '-'))
    .filter((part) => part.replace(/-/g, '') !== '')
    .join('-');
  return `${name || 'report'}.csv`;
}

/**
 * Saves `csv` as a file in the browser. A byte order mark comes first so spreadsheets read the
 * text as UTF-8 (names with accents stay intact).
 */
export function downloadCsv(fileName: string, csv: string): void {
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers start the download after click() returns; give them a moment.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
