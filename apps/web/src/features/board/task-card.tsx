import type { CSSProperties, HTMLAttributes, Ref } from 'react';
import { daysUntil } from './filters.ts';
import { type Priority, priorityLabel } from './priority.ts';

/** What a card on the board shows of a task. */
export interface TaskCardTask {
  id: string;
  title: string;
  priority: Priority;
  /** ISO date (YYYY-MM-DD) or null. */
  dueDate: string | null;
  assignees: { id: string; name: string }[];
  labels: { id: string; name: string; color: string }[];
}

/** Initials for an avatar: first letters of the first two words, upper case. */
export function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase());
  return letters.join('') || '?';
}

const priorityMarks: Record<Priority, string> = {
  URGENT: 'text-danger',
  HIGH: 'text-warn',
  MEDIUM: 'text-accent',
  LOW: 'text-muted',
  NONE: 'text-muted',
};

/** The card's accessible name: the title first, then what a sighted person sees at a glance. */
export function cardLabel(task: TaskCardTask, today: string): string {
  const parts = [task.title, priorityLabel(task.priority)];
  if (task.dueDate) {
    parts.push(
      daysUntil(task.dueDate, today) < 0 ? `overdue since ${task.dueDate}` : `due ${task.dueDate}`,
    );
  }
  if (task.assignees.length > 0) {
    parts.push(`assigned to ${task.assignees.map((person) => person.name).join(', ')}`);
  }
  return parts.join(', ');
}

/**
 * One task on the board. `today` is passed in so a render is the same on server and client.
 * Sortable wiring (ref, listeners, style) comes from the column; the card only draws.
 */
export function TaskCard({
  task,
  today,
  cardRef,
  style,
  dragging = false,
  ...props
}: {
  task: TaskCardTask;
  today: string;
  cardRef?: Ref<HTMLLIElement>;
  style?: CSSProperties;
  dragging?: boolean;
} & HTMLAttributes<HTMLLIElement>) {
  const overdue = task.dueDate !== null && daysUntil(task.dueDate, today) < 0;
  return (
    <li
      ref={cardRef}
      style={style}
      data-task-id={task.id}
      aria-label={cardLabel(task, today)}
      className={`group cursor-pointer rounded-md border border-line bg-surface px-3 py-2 shadow-sm outline-none hover:border-accent/50 focus-visible:ring-2 focus-visible:ring-accent ${dragging ? 'opacity-40' : ''}`}
      {...props}
    >
      <p className="line-clamp-3 break-words text-[13px] font-medium leading-snug">{task.title}</p>
      {task.labels.length > 0 && (
        <ul className="mt-1.5 flex flex-wrap gap-1" aria-label="Labels">
          {task.labels.map((label) => (
            <li
              key={label.id}
              className="flex items-center gap-1 rounded-full border border-line px-1.5 text-[11px] text-muted"
            >
              <span className="size-1.5 rounded-full" style={{ background: label.color }} />
              {label.name}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-1.5 flex items-center gap-2 text-[11px] text-muted">
        <span className={`font-medium ${priorityMarks[task.priority]}`}>
          {priorityLabel(task.priority)}
        </span>
        {task.dueDate !== null && (
          <time dateTime={task.dueDate} className={overdue ? 'font-medium text-danger' : ''}>
            {overdue ? `Overdue · ${task.dueDate}` : `Due ${task.dueDate}`}
          </time>
        )}
        <ul className="ml-auto flex -space-x-1" aria-label="Assignees">
          {task.assignees.map((assignee) => (
            <li
              key={assignee.id}
              title={assignee.name}
              className="grid size-5 place-items-center rounded-full border border-surface bg-accent text-[9px] font-semibold text-white"
            >
              {initials(assignee.name)}
            </li>
          ))}
        </ul>
      </div>
    </li>
  );
}
