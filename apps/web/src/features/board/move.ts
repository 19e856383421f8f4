'use client';
import { useMutation } from 'urql';
import { toast } from '../../components/ui/toast.tsx';
import { errorText } from '../../lib/client/errors.ts';
import { newRequestId } from '../../lib/request-id.ts';
import { MoveTaskMutation } from './documents.ts';

/** Where a card goes: a column, and the cards it lands between (null: an end of the column). */
export interface MoveTarget {
  statusId: string;
  afterTaskId: string | null;
  beforeTaskId: string | null;
}

/** Prefix of a column's droppable id (a card's droppable id is its task id). */
export const columnDropPrefix = 'column:';

/**
 * Where a dragged card lands, from the columns as shown (filtered, in board order). Dropped on
 * a card: it takes that card's place (after it when moving down the same column, else before
 * it). Dropped on a column's empty space: the end of that column. Null when nothing changes.
 */
export function dropTarget(
  columns: Map<string, { id: string }[]>,
  activeId: string,
  overId: string,
): MoveTarget | null {
  if (activeId === overId) return null;
  if (overId.startsWith(columnDropPrefix)) {
    const statusId = overId.slice(columnDropPrefix.length);
    const others = (columns.get(statusId) ?? []).filter((task) => task.id !== activeId);
    return { statusId, afterTaskId: others.at(-1)?.id ?? null, beforeTaskId: null };
  }
  for (const [statusId, tasks] of columns) {
    const overIndex = tasks.findIndex((task) => task.id === overId);
    if (overIndex < 0) continue;
    const activeIndex = tasks.findIndex((task) => task.id === activeId);
    const movingDown = activeIndex >= 0 && activeIndex < overIndex;
    const others = tasks.filter((task) => task.id !== activeId);
    const at = others.findIndex((task) => task.id === overId) + (movingDown ? 1 : 0);
    return {
      statusId,
      afterTaskId: others[at - 1]?.id ?? null,
      beforeTaskId: others[at]?.id ?? null,
    };
  }
  return null;
}

/** The target one step along: the previous/next column's end, or one place up/down. */
export function stepTarget(
  columns: Map<string, { id: string }[]>,
  statusOrder: string[],
  taskId: string,
  direction: 'left' | 'right' | 'up' | 'down',
): MoveTarget | null {
  const statusId = statusOrder.find((id) => columns.get(id)?.some((task) => task.id === taskId));
  if (statusId === undefined) return null;
  const tasks = columns.get(statusId) ?? [];
  if (direction === 'left' || direction === 'right') {
    const next = statusOrder[statusOrder.indexOf(statusId) + (direction === 'left' ? -1 : 1)];
    if (next === undefined) return null;
    return dropTarget(columns, taskId, `${columnDropPrefix}${next}`);
  }
  const index = tasks.findIndex((task) => task.id === taskId);
  const neighbour = tasks[index + (direction === 'up' ? -1 : 1)];
  return neighbour ? dropTarget(columns, taskId, neighbour.id) : null;
}

/**
 * Moves a card, optimistically: the board shows the card in place at once (Graphcache's
 * optimistic layer), and when the server refuses — a stale version, a column that is gone, no
 * right to edit — the card goes back and a message says why.
 */
export function useMoveTask() {
  const [, moveTask] = useMutation(MoveTaskMutation);
  return async (task: { id: string; title: string }, target: MoveTarget) => {
    const result = await moveTask({
      input: {
        id: task.id,
        statusId: target.statusId,
        afterTaskId: target.afterTaskId,
        beforeTaskId: target.beforeTaskId,
        requestId: newRequestId(),
      },
    });
    if (result.error) toast(`Could not move “${task.title}”: ${errorText(result.error)}`, 'error');
    return result;
  };
}
