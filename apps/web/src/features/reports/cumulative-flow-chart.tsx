'use client';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartBox, ChartFigure } from './chart-figure.tsx';
import { axisProps, chartColors, legendProps, tooltipProps } from './chart-theme.ts';
import type { CsvColumn } from './csv.ts';
import type { Report } from './documents.ts';
import { shortDay } from './format.ts';

type FlowRow = Report['cumulativeFlow'][number];

/**
 * Categories bottom to top, as cumulative flow diagrams stack them: finished work at the bottom,
 * so the bands above show what is still to do. Colours follow the board's column dots.
 */
const bands = [
  { key: 'completed', name: 'Completed', color: chartColors.accent, opacity: 0.85 },
  { key: 'canceled', name: 'Canceled', color: chartColors.danger, opacity: 0.35 },
  { key: 'started', name: 'Started', color: chartColors.warn, opacity: 0.7 },
  { key: 'unstarted', name: 'Unstarted', color: chartColors.muted, opacity: 0.5 },
  { key: 'backlog', name: 'Backlog', color: chartColors.muted, opacity: 0.2 },
] as const;

const columns: CsvColumn<FlowRow>[] = [
  { header: 'Day (UTC)', value: (row) => row.day },
  ...[...bands]
    .reverse()
    .map((band) => ({ header: band.name, value: (row: FlowRow) => row[band.key] })),
];

/** Live tasks per status category at the end of each day, as stacked areas. */
export function CumulativeFlowChart({
  report,
  filePrefix,
}: {
  report: Report;
  filePrefix: readonly string[];
}) {
  const rows = report.cumulativeFlow;
  return (
    <ChartFigure
      title="Cumulative flow"
      description="Tasks in each status category at the end of each day (UTC)."
      rows={rows}
      columns={columns}
      fileNameParts={[...filePrefix, 'cumulative-flow']}
    >
      <ChartBox height={240}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart
            data={rows}
            accessibilityLayer={false}
            margin={{ top: 4, right: 4, left: -20 }}
          >
            <CartesianGrid vertical={false} stroke={chartColors.line} />
            <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} {...axisProps} />
            <YAxis allowDecimals={false} {...axisProps} />
            <Tooltip {...tooltipProps} labelFormatter={(day) => shortDay(String(day))} />
            <Legend {...legendProps} />
            {bands.map((band) => (
              <Area
                key={band.key}
                dataKey={band.key}
                name={band.name}
                stackId="flow"
                type="linear"
                stroke={band.color}
                fill={band.color}
                fillOpacity={band.opacity}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </ChartBox>
    </ChartFigure>
  );
}
