'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { ListTasksPageQuery } from './documents.ts';
import { byPosition, matchesFilters, todayIso } from './filters.ts';
import { priorities, priorityLabel } from './priority.ts';
import { useProjectContext } from './project-context.tsx';
import type { BoardTask } from './use-board.ts';

type SortKey = 'status' | 'priority' | 'dueDate' | 'updatedAt';

/** The API order each sortable column pages by (keyset, along an index). */
const serverOrder: Record<SortKey, 'POSITION' | 'PRIORITY' | 'DUE' | 'UPDATED'> = {
  status: 'POSITION',
  priority: 'PRIORITY',
  dueDate: 'DUE',
  updatedAt: 'UPDATED',
};

const columns: { key: SortKey | null; label: string; className: string }[] = [
  // Not sortable: no index orders titles, and a list of 100,000 rows is read page by page.
  { key: null, label: 'Title', className: 'w-auto' },
  { key: 'status', label: 'Status', className: 'w-36 max-sm:hidden' },
  { key: 'priority', label: 'Priority', className: 'w-24' },
  { key: 'dueDate', label: 'Due', className: 'w-28' },
  { key: 'updatedAt', label: 'Updated', className: 'w-28 max-md:hidden' },
];

/** Rows rendered as plain markup up to this many; past it the list is virtualised. */
const plainRowsMax = 300;
const rowHeightPx = 36;

/** Orders tasks by one column; ties keep board order. */
export function sortTasks(
  tasks: BoardTask[],
  key: SortKey,
  direction: 'asc' | 'desc',
  statusOrder: Map<string, number>,
): BoardTask[] {
  const value = (task: BoardTask): string | number => {
    if (key === 'status') return statusOrder.get(task.status.id) ?? 0;
    if (key === 'priority') return priorities.indexOf(task.priority);
    if (key === 'dueDate') return task.dueDate ?? '9999-99-99';
    return task.updatedAt;
  };
  const sign = direction === 'asc' ? 1 : -1;
  return [...tasks].sort((a, b) => {
    const left = value(a);
    const right = value(b);
    // Undated tasks stay last both ways, as the API orders them.
    if (key === 'dueDate' && (a.dueDate === null) !== (b.dueDate === null)) {
      return a.dueDate === null ? 1 : -1;
    }
    if (left !== right) return (left < right ? -1 : 1) * sign;
    return key === 'status' ? byPosition(a, b) * sign : a.id < b.id ? -sign : sign;
  });
}

/**
 * The list's rows in a server order, page by page: the first page watched (live edits and new
 * tasks arrive through the cache), "Load more" for the next. Each page is a keyset page along
 * an index, so the 1,000th page costs what the first does.
 */
function useListPages(projectId: string, sort: { key: SortKey; direction: 'asc' | 'desc' }) {
  const client = useClient();
  const orderBy = {
    field: serverOrder[sort.key],
    direction: sort.direction === 'asc' ? ('ASC' as const) : ('DESC' as const),
  };
  const [result] = useQuery({
    query: ListTasksPageQuery,
    variables: { projectId, orderBy, after: null },
  });
  const connection = result.data?.project?.tasks;
  const tasks = useMemo(() => connection?.edges.map((edge) => edge.node) ?? [], [connection]);
  const [loadingMore, setLoadingMore] = useState(false);
  const endCursor = connection?.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  async function loadMore() {
    if (!endCursor) return;
    setLoadingMore(true);
    await client.query(ListTasksPageQuery, { projectId, orderBy, after: endCursor }).toPromise();
    setLoadingMore(false);
  }
  return {
    tasks,
    total: connection?.totalCount ?? 0,
    more: endCursor ? { load: loadMore, loading: loadingMore } : null,
  };
}

/** The project's tasks as a sortable table; past a few hundred rows only visible rows render. */
export function ListView() {
  const { project, filters, openTask } = useProjectContext();
  const [sort, setSort] = useState<{ key: SortKey; direction: 'asc' | 'desc' }>({
    key: 'status',
    direction: 'asc',
  });
  const { tasks, total, more } = useListPages(project.id, sort);
  const today = todayIso();
  const statusOrder = useMemo(
    () => new Map(project.statuses.map((status, i) => [status.id, i])),
    [project.statuses],
  );
  const statusName = useMemo(
    () => new Map(project.statuses.map((status) => [status.id, status.name])),
    [project.statuses],
  );
  const rows = useMemo(
    () =>
      sortTasks(
        tasks.filter((task) => matchesFilters(task, filters, today)),
        sort.key,
        sort.direction,
        statusOrder,
      ),
    [tasks, filters, today, sort, statusOrder],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = rows.length > plainRowsMax;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeightPx,
    overscan: 12,
    enabled: virtual,
  });
  const visible = virtual
    ? virtualizer.getVirtualItems()
    : rows.map((_, index) => ({ index, start: index * rowHeightPx }));

  function toggle(key: SortKey | null) {
    if (key === null) return;
    setSort((current) => ({
      key,
      direction: current.key === key && current.direction === 'asc' ? 'desc' : 'asc',
    }));
  }

  const first = visible[0]?.start ?? 0;
  const last = visible.at(-1);
  const below = last ? rows.length * rowHeightPx - (last.start + rowHeightPx) : 0;
  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-auto p-3">
      <table className="w-full table-fixed rounded-lg border border-line bg-surface text-sm">
        <caption className="sr-only">
          Tasks, sortable by status, priority, due date and update
        </caption>
        <thead className="sticky top-0 z-10 bg-surface text-left text-xs text-muted">
          <tr className="border-b border-line">
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                aria-sort={
                  sort.key === column.key
                    ? sort.direction === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : 'none'
                }
                className={`px-3 py-2 font-medium ${column.className}`}
              >
                {column.key === null ? (
                  column.label
                ) : (
                  <button
                    type="button"
                    onClick={() => toggle(column.key)}
                    className="hover:text-ink"
                  >
                    {column.label}
                    {sort.key === column.key ? (sort.direction === 'asc' ? ' ↑' : ' ↓') : ''}
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr style={{ height: first }} />}
          {visible.map(({ index }) => {
            const task = rows[index];
            if (!task) return null;
            const overdue = task.dueDate !== null && task.dueDate < today;
            return (
              <tr
                key={task.id}
                className="border-b border-line hover:bg-surface-2"
                style={{ height: rowHeightPx }}
              >
                <td className="truncate px-3">
                  <button
                    type="button"
                    className="max-w-full truncate text-left hover:text-accent"
                    onClick={() => openTask(task.id)}
                  >
                    {task.title}
                  </button>
                </td>
                <td className="truncate px-3 text-muted max-sm:hidden">
                  {statusName.get(task.status.id)}
                </td>
                <td className="px-3 text-muted">{priorityLabel(task.priority)}</td>
                <td className={`px-3 ${overdue ? 'text-danger' : 'text-muted'}`}>
                  {task.dueDate ?? '—'}
                </td>
                <td className="px-3 text-muted max-md:hidden">{task.updatedAt.slice(0, 10)}</td>
              </tr>
            );
          })}
          {below > 0 && <tr style={{ height: below }} />}
        </tbody>
      </table>
      {rows.length === 0 && <p className="p-6 text-center text-muted">No tasks match.</p>}
      {more && (
        <p className="p-3 text-center text-xs text-muted">
          {tasks.length} of {total} loaded.{' '}
          <button
            type="button"
            onClick={() => void more.load()}
            disabled={more.loading}
            className="text-accent hover:underline"
          >
            {more.loading ? 'Loading…' : 'Load more'}
          </button>
        </p>
      )}
    </div>
  );
}
