'use client';
import type { CombinedError } from '@urql/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { type TaskDetail, TaskDetailQuery } from './documents.ts';

/** Events arriving this close together cause one reload, not one each. */
const reloadCoalesceMs = 60;

/** What every section of the drawer gets: the task, and how to make it show a change. */
export interface TaskSectionProps {
  task: TaskDetail;
  /** Reload the task at least as fresh as log index `index` (a mutation's or an event's). */
  refresh: (index: number) => void;
  /** Members and up may change tasks; the server decides, this only hides dead controls. */
  canEdit: boolean;
}

/**
 * One task, kept live while the drawer is open. The project's feed, which the project frame
 * keeps open, already carries every change to it: Graphcache writes the task's new state and
 * invalidates its comments, attachments, links and history on their events, which runs this
 * query again. After the drawer's own mutations, `refresh(index)` reloads with `minIndex` so the
 * answer includes them. The last answer stays on screen while the next loads (no flash, no
 * layout shift). `task` is undefined while loading and null when the task is gone or not visible.
 */
export function useTaskDetail(taskId: string) {
  const [minIndex, setMinIndex] = useState<number | null>(null);
  const [{ data, error }, reexecute] = useQuery({
    query: TaskDetailQuery,
    variables: { id: taskId, minIndex },
    requestPolicy: minIndex === null ? 'cache-and-network' : 'network-only',
  });
  const kept = useRef<{ taskId: string; task: TaskDetail | null } | null>(null);
  if (data) kept.current = { taskId, task: data.task ?? null };
  const task = kept.current?.taskId === taskId ? kept.current.task : undefined;

  const pending = useRef<{ index: number; timer: ReturnType<typeof setTimeout> } | null>(null);
  const refresh = useCallback((index: number) => {
    if (pending.current) {
      pending.current.index = Math.max(pending.current.index, index);
      return;
    }
    const timer = setTimeout(() => {
      const wanted = pending.current?.index ?? index;
      pending.current = null;
      setMinIndex((current) => (current === null || wanted > current ? wanted : current));
    }, reloadCoalesceMs);
    pending.current = { index, timer };
  }, []);
  useEffect(() => () => clearTimeout(pending.current?.timer), []);

  /** Reloads from the network without a newer index (after a CONFLICT). */
  const reload = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);

  return { task, error: error as CombinedError | undefined, refresh, reload };
}
