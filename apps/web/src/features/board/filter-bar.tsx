'use client';
import { useEffect, useRef } from 'react';
import { typingInField } from '../../components/keyboard-help.tsx';
import { cn } from '../../components/ui/cn.ts';
import { controlClassName } from '../../components/ui/field.tsx';
import { noFilters, type TaskFilters } from './filters.ts';
import { priorities, priorityLabel } from './priority.ts';
import { useProjectContext } from './project-context.tsx';

const select = cn(controlClassName, 'h-8 w-auto py-0 text-xs');

/** A select option: its value ('' for "any") and its words. */
type Option = [value: string, label: string];

const dueOptions: Option[] = [
  ['', 'Any due date'],
  ['overdue', 'Overdue'],
  ['week', 'Due within 7 days'],
  ['none', 'No due date'],
];

/** One filter's select; the empty value means "no filter" (null). */
function FilterSelect({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  options: Option[];
}) {
  return (
    <select
      aria-label={label}
      className={select}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value || null)}
    >
      {options.map(([optionValue, optionLabel]) => (
        <option key={optionValue} value={optionValue}>
          {optionLabel}
        </option>
      ))}
    </select>
  );
}

/** Assignee, label, priority, due and text filters; their state lives in the URL. */
export function FilterBar() {
  const { project, filters, setFilters } = useProjectContext();
  const search = useRef<HTMLInputElement>(null);
  const set = (change: Partial<TaskFilters>) => setFilters({ ...filters, ...change });
  const active = JSON.stringify(filters) !== JSON.stringify(noFilters);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || typingInField(event)) return;
      event.preventDefault();
      search.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <search
      className="flex flex-wrap items-center gap-2 border-b border-line px-3 py-2"
      aria-label="Filter tasks"
    >
      <input
        ref={search}
        type="search"
        aria-label="Search tasks"
        placeholder="Filter by title…  /"
        value={filters.text}
        onChange={(event) => set({ text: event.target.value })}
        className={cn(controlClassName, 'h-8 w-48 py-0 text-xs')}
      />
      <FilterSelect
        label="Assignee"
        value={filters.assigneeId}
        onChange={(assigneeId) => set({ assigneeId })}
        options={[
          ['', 'Anyone'],
          ['none', 'Unassigned'],
          ...project.members.map(({ user }): Option => [user.id, user.name]),
        ]}
      />
      <FilterSelect
        label="Label"
        value={filters.labelId}
        onChange={(labelId) => set({ labelId })}
        options={[['', 'Any label'], ...project.labels.map((l): Option => [l.id, l.name])]}
      />
      <FilterSelect
        label="Priority"
        value={filters.priority}
        onChange={(priority) => set({ priority })}
        options={[['', 'Any priority'], ...priorities.map((p): Option => [p, priorityLabel(p)])]}
      />
      <FilterSelect
        label="Due"
        value={filters.due}
        onChange={(due) => set({ due: due as TaskFilters['due'] })}
        options={dueOptions}
      />
      {active && (
        <button type="button" onClick={() => setFilters(noFilters)} className="text-xs text-accent">
          Clear filters
        </button>
      )}
    </search>
  );
}
