'use client';
import { useMemo, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { countOf } from '../../lib/words.ts';
import { matchesFilters, todayIso } from './filters.ts';
import { useProjectContext } from './project-context.tsx';
import type { BoardTask } from './use-board.ts';

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Cards listed in one day's cell before "+N more". */
const cardsPerDayMax = 4;

/** The 6×7 grid of days (YYYY-MM-DD, Monday first) that shows `month` (YYYY-MM). */
export function monthGrid(month: string): string[] {
  const first = new Date(`${month}-01T00:00:00Z`);
  const offset = (first.getUTCDay() + 6) % 7;
  const start = first.getTime() - offset * 86_400_000;
  return Array.from({ length: 42 }, (_, i) =>
    new Date(start + i * 86_400_000).toISOString().slice(0, 10),
  );
}

/** The grid's days split into its six weeks. */
export function weeksOf(days: string[]): string[][] {
  return Array.from({ length: days.length / 7 }, (_, week) => days.slice(week * 7, week * 7 + 7));
}

/** `month` moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + delta);
  return date.toISOString().slice(0, 7);
}

/** Tasks by due date over a month; tasks without one are counted below. */
export function CalendarView() {
  const { tasks, filters, openTask } = useProjectContext();
  const today = todayIso();
  const [month, setMonth] = useState(today.slice(0, 7));
  const byDay = useMemo(() => {
    const days = new Map<string, BoardTask[]>();
    for (const task of tasks) {
      if (!task.dueDate || !matchesFilters(task, filters, today)) continue;
      days.set(task.dueDate, [...(days.get(task.dueDate) ?? []), task]);
    }
    return days;
  }, [tasks, filters, today]);
  const undated = tasks.filter(
    (task) => !task.dueDate && matchesFilters(task, filters, today),
  ).length;
  const title = new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return (
    <div className="min-h-0 flex-1 overflow-auto p-3">
      <div className="mb-2 flex items-center gap-2">
        <h2 className="text-sm font-semibold" aria-live="polite">
          {title}
        </h2>
        <Button
          variant="ghost"
          aria-label="Previous month"
          onClick={() => setMonth(shiftMonth(month, -1))}
        >
          ←
        </Button>
        <Button variant="ghost" onClick={() => setMonth(today.slice(0, 7))}>
          Today
        </Button>
        <Button
          variant="ghost"
          aria-label="Next month"
          onClick={() => setMonth(shiftMonth(month, 1))}
        >
          →
        </Button>
        <span className="ml-auto text-xs text-muted">
          {countOf(undated, 'task')} without a due date
        </span>
      </div>
      <table className="w-full table-fixed border-collapse overflow-hidden rounded-lg bg-surface text-xs">
        <caption className="sr-only">Tasks by due date, {title}</caption>
        <thead>
          <tr>
            {weekdays.map((day) => (
              <th
                key={day}
                scope="col"
                className="border border-line px-2 py-1 text-left font-medium text-muted"
              >
                {day}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeksOf(monthGrid(month)).map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const due = byDay.get(day) ?? [];
                const inMonth = day.startsWith(month);
                return (
                  <td
                    key={day}
                    className={`h-24 border border-line p-1 align-top ${inMonth ? '' : 'bg-surface-2'}`}
                  >
                    <div
                      className={`mb-1 text-right ${day === today ? 'font-semibold text-accent' : 'text-muted'}`}
                    >
                      <time dateTime={day}>{Number(day.slice(8))}</time>
                    </div>
                    <ul className="flex flex-col gap-0.5">
                      {due.slice(0, cardsPerDayMax).map((task) => (
                        <li key={task.id}>
                          <button
                            type="button"
                            onClick={() => openTask(task.id)}
                            className={`w-full truncate rounded px-1 text-left hover:bg-surface-2 ${day < today && !task.completedAt ? 'text-danger' : ''}`}
                          >
                            {task.title}
                          </button>
                        </li>
                      ))}
                      {due.length > cardsPerDayMax && (
                        <li className="px-1 text-muted">+{due.length - cardsPerDayMax} more</li>
                      )}
                    </ul>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
