'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type ReactNode, useCallback, useMemo } from 'react';
import { toast } from '../../components/ui/toast.tsx';
import { errorText } from '../../lib/client/errors.ts';
import { countOf } from '../../lib/words.ts';
import { useRequiredViewer } from '../auth/viewer.ts';
import { TaskDrawer } from '../task/task-drawer.tsx';
import { FilterBar } from './filter-bar.tsx';
import { filtersFromSearch, searchWithFilters, type TaskFilters } from './filters.ts';
import { ProjectContext, type ProjectContextValue } from './project-context.tsx';
import { useBoard } from './use-board.ts';

const tabs = [
  { path: 'board', label: 'Board', filtered: true },
  { path: 'list', label: 'List', filtered: true },
  { path: 'calendar', label: 'Calendar', filtered: true },
  { path: 'reports', label: 'Reports', filtered: false },
  { path: 'settings', label: 'Settings', filtered: false },
];

const editorRoles = new Set(['OWNER', 'ADMIN', 'MEMBER']);
const adminRoles = new Set(['OWNER', 'ADMIN']);

/** Tasks in the project on the server: the columns' counts, whatever is loaded. */
function taskTotal(columns: ReadonlyMap<string, { total: number }>): number {
  let total = 0;
  for (const column of columns.values()) total += column.total;
  return total;
}

/**
 * Everything one project's screens share: the live board data (loaded once, kept live by the
 * project's change feed while any of its screens is open), the tabs, the filter bar (its state
 * in the URL) and the task drawer (`?task=<id>`).
 */
export function ProjectFrame({ projectId, children }: { projectId: string; children: ReactNode }) {
  const { viewer } = useRequiredViewer();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const onRevoked = useCallback(() => {
    toast('You are no longer a member of this project.', 'error');
    router.replace('/projects');
  }, [router]);
  const { project, tasks, columns, loadMore, loading, error } = useBoard(projectId, {
    onRevoked,
  });
  const filters = useMemo(() => filtersFromSearch(searchParams), [searchParams]);
  const openTaskId = searchParams.get('task');

  const setFilters = useCallback(
    (next: TaskFilters) =>
      router.replace(`${pathname}${searchWithFilters(searchParams, next)}`, { scroll: false }),
    [router, pathname, searchParams],
  );
  const setOpenTask = useCallback(
    (taskId: string | null) => {
      const next = new URLSearchParams(searchParams);
      if (taskId === null) next.delete('task');
      else next.set('task', taskId);
      const query = next.toString();
      router.push(`${pathname}${query ? `?${query}` : ''}`, { scroll: false });
    },
    [router, pathname, searchParams],
  );

  const value = useMemo<ProjectContextValue | null>(
    () =>
      project && {
        project,
        tasks,
        columns,
        loadMore,
        filters,
        setFilters,
        openTask: setOpenTask,
        canEdit: editorRoles.has(project.viewerRole ?? '') && !project.archived,
        canAdmin: adminRoles.has(project.viewerRole ?? ''),
      },
    [project, tasks, columns, loadMore, filters, setFilters, setOpenTask],
  );

  if (!viewer || loading) return <p className="p-6 text-muted">Loading the board…</p>;
  if (!value) {
    return (
      <main className="p-6">
        <p role="alert" className="text-danger">
          {error ? errorText(error) : 'This project does not exist, or you are not a member.'}
        </p>
        <Link href="/projects" className="text-accent underline">
          Back to projects
        </Link>
      </main>
    );
  }
  const section = pathname.split('/')[3] ?? 'board';
  const filtered = tabs.find((tab) => tab.path === section)?.filtered ?? false;
  const query = searchWithFilters(new URLSearchParams(), filters);
  return (
    <ProjectContext.Provider value={value}>
      <div className="flex min-h-0 flex-1 flex-col">
        <div className="flex flex-wrap items-center gap-3 border-b border-line bg-surface px-3 pt-2">
          <h1 className="py-1 text-sm font-semibold">
            {value.project.name}
            {value.project.archived && (
              <span className="ml-2 text-xs font-normal text-muted">(archived, read-only)</span>
            )}
          </h1>
          <nav aria-label="Project views" className="flex gap-1">
            {tabs.map((tab) => (
              <Link
                key={tab.path}
                href={`/projects/${projectId}/${tab.path}${tab.filtered ? query : ''}`}
                aria-current={section === tab.path ? 'page' : undefined}
                className="border-b-2 border-transparent px-2 pb-2 pt-1 text-xs text-muted hover:text-ink aria-[current=page]:border-accent aria-[current=page]:text-ink"
              >
                {tab.label}
              </Link>
            ))}
          </nav>
          <span className="ml-auto text-xs text-muted">{countOf(taskTotal(columns), 'task')}</span>
        </div>
        {filtered && <FilterBar />}
        {children}
      </div>
      {openTaskId && (
        <TaskDrawer taskId={openTaskId} projectId={projectId} onClose={() => setOpenTask(null)} />
      )}
    </ProjectContext.Provider>
  );
}
