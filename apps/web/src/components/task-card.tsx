import { type Priority, priorityLabel } from './priority.ts';

/** What a card on the board shows of a task. */
export interface TaskCardTask {
  id: string;
  title: string;
  priority: Priority;
  /** ISO date (YYYY-MM-DD) or null. */
  dueDate: string | null;
  assignees: { id: string; name: string }[];
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

/** Whole days from `today` to `due` (both ISO dates); negative when overdue. */
export function daysUntil(due: string, today: string): number {
  const dayMs = 86_400_000;
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / dayMs);
}

/** One task on the board. `today` is passed in so a render is the same on server and client. */
export function TaskCard({ task, today }: { task: TaskCardTask; today: string }) {
  const overdue = task.dueDate !== null && daysUntil(task.dueDate, today) < 0;
  return (
    <article className="task-card" data-task-id={task.id} aria-label={task.title}>
      <h3>{task.title}</h3>
      <p className={`priority priority-${task.priority.toLowerCase()}`}>
        {priorityLabel(task.priority)}
      </p>
      {task.dueDate !== null && (
        <time dateTime={task.dueDate} className={overdue ? 'due overdue' : 'due'}>
          {overdue ? `Overdue since ${task.dueDate}` : `Due ${task.dueDate}`}
        </time>
      )}
      <ul className="assignees" aria-label="Assignees">
        {task.assignees.map((assignee) => (
          <li key={assignee.id} title={assignee.name}>
            {initials(assignee.name)}
          </li>
        ))}
      </ul>
    </article>
  );
}
