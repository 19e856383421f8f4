'use client';
import { createContext, useContext } from 'react';
import type { TaskFilters } from './filters.ts';
import type { BoardProject, BoardTask } from './use-board.ts';

/** What every screen of one project shares: its live board data and the filter bar. */
export interface ProjectContextValue {
  project: BoardProject;
  /** Every task of the project (live), unfiltered. */
  tasks: BoardTask[];
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
