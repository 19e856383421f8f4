'use client';
import type { CombinedError } from '@urql/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { type TaskDetail, TaskDetailQuery, TaskEventsSubscription } from './documents.ts';

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

/** The newest log index the task's history shows: where its live stream starts. */
function newestIndex(task: TaskDetail): number {
  return task.history.edges.reduce((newest, edge) => Math.max(newest, edge.node.index), 0);
}

/**
 * One task, kept live while the drawer is open: `taskEvents` streams every change to it (its
 * comments and attachments included), and after each one the drawer's query runs again on the
 * network with `minIndex` = the event's index, so whichever node answers has applied it. The
 * last answer stays on screen while the next loads (no flash, no layout shift).
 * `task` is undefined while loading and null when the task is gone or not visible.
 */
export function useTaskDetail(taskId: string, options: { onRevoked: () => void }) {
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

  const [stream, setStream] = useState<{ taskId: string; after: number } | null>(null);
  useEffect(() => {
    if (task && stream?.taskId !== taskId) setStream({ taskId, after: newestIndex(task) });
  }, [task, taskId, stream]);
  const [{ data: message }] = useSubscription({
    query: TaskEventsSubscription,
    variables: { taskId, after: stream?.after ?? 0 },
    pause: stream?.taskId !== taskId,
  });
  const { onRevoked } = options;
  useEffect(() => {
    const latest = message?.taskEvents;
    if (!latest) return;
    if (latest.type === 'REVOKED') onRevoked();
    else refresh(latest.index);
  }, [message, onRevoked, refresh]);

  return { task, error: error as CombinedError | undefined, refresh, reload };
}
