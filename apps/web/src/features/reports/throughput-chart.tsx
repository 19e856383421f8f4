'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartBox, ChartFigure } from './chart-figure.tsx';
import { axisProps, chartColors, tooltipProps } from './chart-theme.ts';
import type { CsvColumn } from './csv.ts';
import type { Report } from './documents.ts';
import { dayOf, shortDay } from './format.ts';

interface WeekRow {
  week: string;
  completed: number;
}

const columns: CsvColumn<WeekRow>[] = [
  { header: 'Week starting (Monday, UTC)', value: (row) => row.week },
  { header: 'Tasks completed', value: (row) => row.completed },
];

/** Tasks completed per week (weeks start on Monday, UTC), as bars. */
export function ThroughputChart({
  report,
  filePrefix,
}: {
  report: Report;
  filePrefix: readonly string[];
}) {
  const rows = report.throughputPerWeek.map((week) => ({
    week: dayOf(week.weekStart),
    completed: week.completed,
  }));
  return (
    <ChartFigure
      title="Throughput per week"
      description="Tasks completed each week (weeks start Monday, UTC)."
      rows={rows}
      columns={columns}
      fileNameParts={[...filePrefix, 'throughput']}
    >
      <ChartBox height={200}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} accessibilityLayer={false} margin={{ top: 4, right: 4, left: -20 }}>
            <CartesianGrid vertical={false} stroke={chartColors.line} />
            <XAxis dataKey="week" tickFormatter={shortDay} {...axisProps} />
            <YAxis allowDecimals={false} {...axisProps} />
            <Tooltip
              {...tooltipProps}
              labelFormatter={(week) => `Week of ${shortDay(String(week))}`}
            />
            <Bar
              dataKey="completed"
              name="Completed"
              fill={chartColors.accent}
              radius={[3, 3, 0, 0]}
              maxBarSize={40}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartBox>
    </ChartFigure>
  );
}
