import { countOf } from '../../lib/words.ts';
import { ChartFigure } from './chart-figure.tsx';
import type { CsvColumn } from './csv.ts';
import type { Report } from './documents.ts';
import { formatHours } from './format.ts';

interface DurationRow {
  measure: string;
  tasks: number;
  p50Hours: number | null;
  p85Hours: number | null;
}

const columns: CsvColumn<DurationRow>[] = [
  { header: 'Measure', value: (row) => row.measure },
  { header: 'Tasks measured', value: (row) => row.tasks },
  { header: 'p50 (hours)', value: (row) => roundHours(row.p50Hours) },
  { header: 'p85 (hours)', value: (row) => roundHours(row.p85Hours) },
];

function roundHours(hours: number | null): number | null {
  return hours === null ? null : Math.round(hours * 10) / 10;
}

/**
 * Cycle time (first start to completion) and lead time (creation to completion) of the tasks
 * completed in the range: the median and the 85th percentile, as tiles.
 */
export function DurationTiles({
  report,
  filePrefix,
}: {
  report: Report;
  filePrefix: readonly string[];
}) {
  const rows: DurationRow[] = [
    { measure: 'Cycle time', tasks: report.cycleTime.count, ...pick(report.cycleTime) },
    { measure: 'Lead time', tasks: report.leadTime.count, ...pick(report.leadTime) },
  ];
  return (
    <ChartFigure
      title="Cycle and lead time"
      description="Cycle: first start to done. Lead: created to done. Tasks completed in the range."
      rows={rows}
      columns={columns}
      fileNameParts={[...filePrefix, 'cycle-lead-time']}
    >
      <dl className="grid grid-cols-2 gap-2">
        {rows.flatMap((row) => [
          <Tile key={`${row.measure}-50`} label={`${row.measure} p50`} hours={row.p50Hours} />,
          <Tile key={`${row.measure}-85`} label={`${row.measure} p85`} hours={row.p85Hours} />,
        ])}
      </dl>
      <p className="text-xs text-muted">
        {rows.map((row) => `${row.measure}: ${countOf(row.tasks, 'task')} measured`).join(' · ')}
      </p>
    </ChartFigure>
  );
}

function pick(percentiles: Report['cycleTime']) {
  return { p50Hours: percentiles.p50Hours ?? null, p85Hours: percentiles.p85Hours ?? null };
}

function Tile({ label, hours }: { label: string; hours: number | null }) {
  return (
    <div className="rounded-md bg-surface-2 px-3 py-2">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{formatHours(hours)}</dd>
    </div>
  );
}
