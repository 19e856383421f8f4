'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { errorText } from '../../lib/client/errors.ts';
import { useProjectContext } from '../board/project-context.tsx';
import { AgingChart } from './aging-chart.tsx';
import { AssigneeChart } from './assignee-chart.tsx';
import { CumulativeFlowChart } from './cumulative-flow-chart.tsx';
import {
  type DateRangeDraft,
  dateRangeFromSearch,
  reportWindow,
  searchWithDateRange,
  todayUtc,
} from './date-range.ts';
import { DateRangePicker } from './date-range-picker.tsx';
import { ProjectReportQuery, type Report } from './documents.ts';
import { DurationTiles } from './duration-tiles.tsx';
import { formatPercent } from './format.ts';
import { ThroughputChart } from './throughput-chart.tsx';

/**
 * A project's flow reports for a range of days kept in the URL (`?from=&to=`, default the last
 * 30 days): throughput, cycle and lead time, aging work, cumulative flow and work per person.
 * While a new range loads, the previous report stays on screen, dimmed, so nothing jumps.
 */
export function ReportsScreen() {
  const { project } = useProjectContext();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [today] = useState(() => todayUtc());
  const range = useMemo(() => dateRangeFromSearch(searchParams, today), [searchParams, today]);
  const span = range.error === null ? reportWindow(range) : null;

  const [{ data, fetching, error }] = useQuery({
    query: ProjectReportQuery,
    variables: { projectId: project.id, from: span?.from ?? '', to: span?.to ?? '' },
    pause: span === null,
  });
  const current = data?.project?.report;
  const shown = useRef<Report | null>(null);
  if (current) shown.current = current;
  const report = current ?? shown.current;

  const setRange = useCallback(
    (draft: DateRangeDraft) =>
      router.replace(`${pathname}${searchWithDateRange(searchParams, draft)}`, { scroll: false }),
    [router, pathname, searchParams],
  );
  const filePrefix = [project.name, range.from, range.to];

  return (
    <main className="mx-auto flex w-full max-w-6xl flex-col gap-4 px-3 py-4 sm:px-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 className="text-base font-semibold">Reports</h2>
        <DateRangePicker range={range} today={today} onChange={setRange} />
      </div>
      {error && (
        <p role="alert" className="text-sm text-danger">
          Could not load the report: {errorText(error)}
        </p>
      )}
      {!report && !error && span && <p className="text-sm text-muted">Loading the report…</p>}
      {report && (
        <div
          aria-busy={fetching}
          className={`flex flex-col gap-3 transition-opacity ${current ? '' : 'opacity-60'}`}
        >
          <Summary report={report} />
          <div className="grid gap-3 lg:grid-cols-2">
            <ThroughputChart report={report} filePrefix={filePrefix} />
            <DurationTiles report={report} filePrefix={filePrefix} />
            <div className="lg:col-span-2">
              <CumulativeFlowChart report={report} filePrefix={filePrefix} />
            </div>
            <AgingChart report={report} filePrefix={filePrefix} />
            <AssigneeChart report={report} filePrefix={filePrefix} />
          </div>
        </div>
      )}
    </main>
  );
}

/** Scope, completed and completion rate of the range, in one quiet line. */
function Summary({ report }: { report: Report }) {
  const items = [
    { label: 'Scope', value: String(report.scope), hint: 'Open at the start plus created in it' },
    { label: 'Completed', value: String(report.completed), hint: 'Completed in the range' },
    {
      label: 'Completion rate',
      value: formatPercent(report.completionRate),
      hint: 'Completed ÷ scope',
    },
  ];
  return (
    <dl className="grid grid-cols-3 gap-2">
      {items.map((item) => (
        <div key={item.label} className="rounded-lg border border-line bg-surface px-3 py-2">
          <dt className="text-xs text-muted" title={item.hint}>
            {item.label}
          </dt>
          <dd className="text-lg font-semibold tabular-nums">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
