import type { BoardTask } from './use-board.ts';

/** The filter bar's state; it lives in the URL so a filtered board can be shared. */
export interface TaskFilters {
  text: string;
  assigneeId: string | null;
  labelId: string | null;
  priority: string | null;
  /** overdue: due before today; week: due within 7 days; none: no due date. */
  due: 'overdue' | 'week' | 'none' | null;
}

export const noFilters: TaskFilters = {
  text: '',
  assigneeId: null,
  labelId: null,
  priority: null,
  due: null,
};

const dueValues = new Set(['overdue', 'week', 'none']);

/** Reads the filters from a URL's query string (unknown values are ignored). */
export function filtersFromSearch(search: URLSearchParams): TaskFilters {
  const due = search.get('due');
  return {
    text: search.get('q') ?? '',
    assigneeId: search.get('assignee'),
    labelId: search.get('label'),
    priority: search.get('priority'),
    due: due !== null && dueValues.has(due) ? (due as TaskFilters['due']) : null,
  };
}

/** Writes the filters into a query string, keeping the other parameters (the open task). */
export function searchWithFilters(search: URLSearchParams, filters: TaskFilters): string {
  const next = new URLSearchParams(search);
  const entries: [string, string | null][] = [
    ['q', filters.text || null],
    ['assignee', filters.assigneeId],
    ['label', filters.labelId],
    ['priority', filters.priority],
    ['due', filters.due],
  ];
  for (const [key, value] of entries) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  const text = next.toString();
  return text ? `?${text}` : '';
}

/** Whole days from `today` to `due` (both YYYY-MM-DD); negative when overdue. */
export function daysUntil(due: string, today: string): number {
  const dayMs = 86_400_000;
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / dayMs);
}

/** True when `task` passes every filter that is set. `today` is YYYY-MM-DD. */
export function matchesFilters(task: BoardTask, filters: TaskFilters, today: string): boolean {
  const text = filters.text.trim().toLowerCase();
  if (text && !task.title.toLowerCase().includes(text)) return false;
  if (filters.assigneeId === 'none' && task.assignees.length > 0) return false;
  if (
    filters.assigneeId &&
    filters.assigneeId !== 'none' &&
    !task.assignees.some((person) => person.id === filters.assigneeId)
  ) {
    return false;
  }
  if (filters.labelId && !task.labels.some((label) => label.id === filters.labelId)) return false;
  if (filters.priority && task.priority !== filters.priority) return false;
  if (filters.due === 'none') return task.dueDate === null;
  if (filters.due && task.dueDate === null) return false;
  if (filters.due === 'overdue') return daysUntil(task.dueDate ?? today, today) < 0;
  if (filters.due === 'week') {
    const days = daysUntil(task.dueDate ?? today, today);
    return days >= 0 && days <= 7;
  }
  return true;
}

/** Board order inside a column: position, then id (the API's order). */
export function byPosition(
  a: { position: string; id: string },
  b: { position: string; id: string },
) {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The tasks of each column, in board order, after filtering. */
export function columnsOf(
  statusIds: string[],
  tasks: BoardTask[],
  filters: TaskFilters,
  today: string,
): Map<string, BoardTask[]> {
  const columns = new Map<string, BoardTask[]>(statusIds.map((id) => [id, []]));
  for (const task of tasks) {
    if (!matchesFilters(task, filters, today)) continue;
    columns.get(task.status.id)?.push(task);
  }
  for (const column of columns.values()) column.sort(byPosition);
  return columns;
}

/** Today as YYYY-MM-DD in the viewer's time zone. */
export function todayIso(now = new Date()): string {
  const offsetMs = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offsetMs).toISOString().slice(0, 10);
}
