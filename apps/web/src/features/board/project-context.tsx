'use client';
import { createContext, useContext } from 'react';
import type { TaskFilters } from './filters.ts';
import type { BoardProject, BoardTask, ColumnState } from './use-board.ts';

/** What every screen of one project shares: its live board data and the filter bar. */
export interface ProjectContextValue {
  project: BoardProject;
  /**
   * The tasks loaded so far (live), unfiltered: each column's first page, and the pages "Show
   * more" brought. Not every task of a big project.
   */
  tasks: BoardTask[];
  /** Per column (status id): its loaded cards and what is left on the server. */
  columns: ReadonlyMap<string, ColumnState>;
  /** Loads the next page of one column. */
  loadMore: (statusId: string) => void;
  filters: TaskFilters;
  setFilters: (filters: TaskFilters) => void;
  /** Opens the task drawer (kept in the URL as `?task=<id>`). */
  openTask: (taskId: string) => void;
  /** Members and up may change tasks; the server decides, this only hides dead controls. */
  canEdit: boolean;
  /** Admins and owners manage members, statuses and the project. */
  canAdmin: boolean;
}

export const ProjectContext = createContext<ProjectContextValue | null>(null);

/** The current project's shared state; only inside a project's screens. */
export function useProjectContext(): ProjectContextValue {
  const value = useContext(ProjectContext);
  if (value === null) throw new Error('useProjectContext is used outside a project screen');
  return value;
}
