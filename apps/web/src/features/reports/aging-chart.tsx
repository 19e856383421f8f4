'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartBox, ChartFigure } from './chart-figure.tsx';
import { axisProps, chartColors, tooltipProps } from './chart-theme.ts';
import type { CsvColumn } from './csv.ts';
import type { Report } from './documents.ts';

type AgingRow = Report['aging'][number];

const columns: CsvColumn<AgingRow>[] = [
  { header: 'Age since creation', value: (row) => row.label },
  { header: 'Open tasks', value: (row) => row.count },
];

/** Open tasks at the end of the range, by how long ago they were created. */
export function AgingChart({
  report,
  filePrefix,
}: {
  report: Report;
  filePrefix: readonly string[];
}) {
  const rows = report.aging;
  const open = rows.reduce((sum, row) => sum + row.count, 0);
  return (
    <ChartFigure
      title="Aging work in progress"
      description={`${open} open tasks at the end of the range, by age.`}
      rows={rows}
      columns={columns}
      fileNameParts={[...filePrefix, 'aging']}
    >
      <ChartBox height={200}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} accessibilityLayer={false} margin={{ top: 4, right: 4, left: -20 }}>
            <CartesianGrid vertical={false} stroke={chartColors.line} />
            <XAxis dataKey="label" {...axisProps} interval={0} />
            <YAxis allowDecimals={false} {...axisProps} />
            <Tooltip {...tooltipProps} />
            <Bar
              dataKey="count"
              name="Open tasks"
              fill={chartColors.accent}
              radius={[3, 3, 0, 0]}
              maxBarSize={56}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartBox>
    </ChartFigure>
  );
}
