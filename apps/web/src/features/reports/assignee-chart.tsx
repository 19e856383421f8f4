'use client';
import {
  Bar,
  BarChart,
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

interface AssigneeRow {
  name: string;
  username: string;
  open: number;
  completed: number;
}

/** People drawn in the chart (the busiest first); the table and the CSV list everyone. */
const assigneesDrawnMax = 15;
const rowHeightPx = 28;

const columns: CsvColumn<AssigneeRow>[] = [
  { header: 'Assignee', value: (row) => row.name },
  { header: 'Username', value: (row) => row.username },
  { header: 'Open at end', value: (row) => row.open },
  { header: 'Completed in range', value: (row) => row.completed },
];

/** Each assignee's open tasks (at the end of the range) and tasks completed in it. */
export function AssigneeChart({
  report,
  filePrefix,
}: {
  report: Report;
  filePrefix: readonly string[];
}) {
  // A user the viewer can no longer see (they left every shared project) has no name here.
  const rows: AssigneeRow[] = report.perAssignee.map((work) => ({
    name: work.user?.name ?? 'Former member',
    username: work.user?.username ?? '',
    open: work.open,
    completed: work.completed,
  }));
  const drawn = rows.slice(0, assigneesDrawnMax);
  const more = rows.length - drawn.length;
  return (
    <ChartFigure
      title="Work per assignee"
      description={`Open at the end of the range, and completed in it${more > 0 ? ` (chart shows the ${drawn.length} busiest; the table lists all ${rows.length})` : ''}.`}
      rows={rows}
      columns={columns}
      fileNameParts={[...filePrefix, 'assignees']}
      empty={rows.length === 0 ? 'No assigned work in this range.' : undefined}
    >
      <ChartBox height={drawn.length * rowHeightPx + 56}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={drawn}
            layout="vertical"
            accessibilityLayer={false}
            margin={{ top: 4, right: 8, left: 0 }}
          >
            <CartesianGrid horizontal={false} stroke={chartColors.line} />
            <XAxis type="number" allowDecimals={false} {...axisProps} />
            <YAxis type="category" dataKey="name" width={96} {...axisProps} />
            <Tooltip {...tooltipProps} />
            <Legend {...legendProps} />
            <Bar
              dataKey="completed"
              name="Completed"
              stackId="work"
              fill={chartColors.accent}
              barSize={16}
              isAnimationActive={false}
            />
            <Bar
              dataKey="open"
              name="Open"
              stackId="work"
              fill={chartColors.muted}
              fillOpacity={0.55}
              barSize={16}
              radius={[0, 3, 3, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartBox>
    </ChartFigure>
  );
}
