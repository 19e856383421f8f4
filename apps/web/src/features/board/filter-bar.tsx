'use client';
import { useEffect, useRef } from 'react';
import { typingInField } from '../../components/keyboard-help.tsx';
import { controlClassName } from '../../components/ui/field.tsx';
import { noFilters, type TaskFilters } from './filters.ts';
import { priorities, priorityLabel } from './priority.ts';
import { useProjectContext } from './project-context.tsx';

const select = `${controlClassName} h-8 w-auto py-0 text-xs`;

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
        className={`${controlClassName} h-8 w-48 py-0 text-xs`}
      />
      <select
        aria-label="Assignee"
        className={select}
        value={filters.assigneeId ?? ''}
        onChange={(e) => set({ assigneeId: e.target.value || null })}
      >
        <option value="">Anyone</option>
        <option value="none">Unassigned</option>
        {project.members.map((member) => (
          <option key={member.user.id} value={member.user.id}>
            {member.user.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Label"
        className={select}
        value={filters.labelId ?? ''}
        onChange={(e) => set({ labelId: e.target.value || null })}
      >
        <option value="">Any label</option>
        {project.labels.map((label) => (
          <option key={label.id} value={label.id}>
            {label.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Priority"
        className={select}
        value={filters.priority ?? ''}
        onChange={(e) => set({ priority: e.target.value || null })}
      >
        <option value="">Any priority</option>
        {priorities.map((priority) => (
          <option key={priority} value={priority}>
            {priorityLabel(priority)}
          </option>
        ))}
      </select>
      <select
        aria-label="Due"
        className={select}
        value={filters.due ?? ''}
        onChange={(e) => set({ due: (e.target.value || null) as TaskFilters['due'] })}
      >
        <option value="">Any due date</option>
        <option value="overdue">Overdue</option>
        <option value="week">Due within 7 days</option>
        <option value="none">No due date</option>
      </select>
      {active && (
        <button type="button" onClick={() => setFilters(noFilters)} className="text-xs text-accent">
          Clear filters
        </button>
      )}
    </search>
  );
}
