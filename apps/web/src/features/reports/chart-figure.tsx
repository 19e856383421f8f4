'use client';
import { type ReactNode, useId } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { type CsvColumn, csvFileName, downloadCsv, toCsv } from './csv.ts';

/**
 * One chart of the reports: a `<figure>` named by its caption, a "Download CSV" button, the
 * picture (hidden from screen readers) and the same numbers as a table under "Show numbers".
 * The CSV and the table are built from the same `columns`, so they always agree.
 */
export function ChartFigure<Row>({
  title,
  description,
  rows,
  columns,
  fileNameParts,
  empty,
  children,
}: {
  title: string;
  description: string;
  rows: readonly Row[];
  columns: readonly CsvColumn<Row>[];
  /** Parts of the CSV's file name, e.g. project name, chart, from, to. */
  fileNameParts: readonly string[];
  /** Shown instead of the picture when there is nothing to draw. */
  empty?: string | undefined;
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    <figure
      aria-labelledby={captionId}
      className="flex min-w-0 flex-col gap-2 rounded-lg border border-line bg-surface p-3"
    >
      <div className="flex items-start justify-between gap-2">
        <figcaption id={captionId} className="min-w-0">
          <span className="block text-sm font-semibold">{title}</span>
          <span className="block text-xs text-muted">{description}</span>
        </figcaption>
        <Button
          variant="ghost"
          size="sm"
          className="shrink-0"
          aria-label={`Download CSV of ${title.toLowerCase()}`}
          onClick={() => downloadCsv(csvFileName(fileNameParts), toCsv(rows, columns))}
        >
          Download CSV
        </Button>
      </div>
      {empty ? <p className="py-6 text-center text-sm text-muted">{empty}</p> : children}
      <details className="text-xs">
        <summary className="cursor-pointer text-muted hover:text-ink">Show numbers</summary>
        <DataTable title={title} rows={rows} columns={columns} />
      </details>
    </figure>
  );
}

/** The chart's numbers as a plain table. */
function DataTable<Row>({
  title,
  rows,
  columns,
}: {
  title: string;
  rows: readonly Row[];
  columns: readonly CsvColumn<Row>[];
}) {
  return (
    <div className="mt-2 max-h-64 overflow-auto">
      <table className="w-full border-collapse text-left tabular-nums">
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.header}
                scope="col"
                className="sticky top-0 border-b border-line bg-surface px-2 py-1 font-medium text-muted"
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // Rows are a fixed snapshot of one report; their order is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={index} className="border-b border-line last:border-0">
              {columns.map((column) => (
                <td key={column.header} className="px-2 py-1">
                  {column.value(row) ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A fixed-height box for a chart, hidden from screen readers (the table carries the data). */
export function ChartBox({ height, children }: { height: number; children: ReactNode }) {
  return (
    <div aria-hidden="true" style={{ height }} className="w-full min-w-0">
      {children}
    </div>
  );
}
