'use client';
import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { typingInField } from '../../components/keyboard-help.tsx';
import { columnPageSize } from './documents.ts';
import { columnsOf, todayIso } from './filters.ts';
import { columnDropPrefix, dropTarget, stepTarget, useMoveTask } from './move.ts';
import { useProjectContext } from './project-context.tsx';
import { QuickAdd } from './quick-add.tsx';
import { TaskCard } from './task-card.tsx';
import type { BoardStatus, BoardTask } from './use-board.ts';

const categoryDots: Record<string, string> = {
  BACKLOG: 'border-muted border-dashed',
  UNSTARTED: 'border-muted',
  STARTED: 'border-warn bg-warn/40',
  COMPLETED: 'border-accent bg-accent',
  CANCELED: 'border-muted bg-muted/40',
};

function SortableCard({
  task,
  today,
  onOpen,
  onStep,
}: {
  task: BoardTask;
  today: string;
  onOpen: (id: string) => void;
  onStep: (task: BoardTask, direction: 'left' | 'right' | 'up' | 'down') => void;
}) {
  const { setNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id: task.id,
  });
  const { role: _role, 'aria-roledescription': _description, ...a11y } = attributes;
  const keys: Record<string, 'left' | 'right' | 'up' | 'down'> = {
    '[': 'left',
    ']': 'right',
  };
  function onKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    if (event.key === 'Enter') return onOpen(task.id);
    const direction =
      keys[event.key] ??
      (event.altKey && event.key === 'ArrowUp' ? 'up' : undefined) ??
      (event.altKey && event.key === 'ArrowDown' ? 'down' : undefined);
    if (direction) {
      event.preventDefault();
      return onStep(task, direction);
    }
    listeners?.onKeyDown?.(event);
  }
  return (
    <TaskCard
      task={task}
      today={today}
      cardRef={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      dragging={isDragging}
      {...a11y}
      {...listeners}
      onKeyDown={onKeyDown}
      onClick={() => onOpen(task.id)}
    />
  );
}

/** "Show 10 more", or "Show 50 more (1,234 left)" when more than a page is left. */
function showMoreLabel(remaining: number): string {
  const next = Math.min(columnPageSize, remaining);
  return next < remaining
    ? `Show ${next} more (${remaining.toLocaleString()} left)`
    : `Show ${next} more`;
}

function Column({
  status,
  tasks,
  total,
  loaded,
  more,
  today,
  projectId,
  canEdit,
  onOpen,
  onStep,
  quickAddRef,
}: {
  status: BoardStatus;
  tasks: BoardTask[];
  /** Cards in the column on the server, and how many of them are loaded. */
  total: number;
  loaded: number;
  /** Loads the column's next page; absent when every card is loaded. */
  more: { load: () => void; loading: boolean } | null;
  today: string;
  projectId: string;
  canEdit: boolean;
  onOpen: (id: string) => void;
  onStep: (task: BoardTask, direction: 'left' | 'right' | 'up' | 'down') => void;
  quickAddRef?: (element: HTMLInputElement | null) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: `${columnDropPrefix}${status.id}` });
  const headingId = `column-${status.id}`;
  return (
    <section
      aria-label={status.name}
      className={`flex w-72 shrink-0 flex-col rounded-lg bg-surface-2/60 p-2 max-sm:w-[85vw] ${isOver ? 'ring-2 ring-accent/40' : ''}`}
    >
      <h2 id={headingId} className="mb-2 flex items-center gap-2 px-1 text-xs font-semibold">
        <span className={`size-2.5 rounded-full border-2 ${categoryDots[status.category] ?? ''}`} />
        {status.name}
        <span className="font-normal text-muted">
          {tasks.length === total ? total : `${tasks.length} / ${total}`}
        </span>
      </h2>
      <SortableContext items={tasks.map((task) => task.id)} strategy={verticalListSortingStrategy}>
        <ul ref={setNodeRef} aria-labelledby={headingId} className="flex min-h-10 flex-col gap-1.5">
          {tasks.map((task) => (
            <SortableCard key={task.id} task={task} today={today} onOpen={onOpen} onStep={onStep} />
          ))}
        </ul>
      </SortableContext>
      {more && (
        <button
          type="button"
          onClick={more.load}
          disabled={more.loading}
          className="mt-1.5 rounded px-2 py-1 text-left text-xs text-muted hover:bg-surface-2 hover:text-ink"
        >
          {more.loading ? 'Loading…' : showMoreLabel(total - loaded)}
        </button>
      )}
      {canEdit && (
        <QuickAdd
          projectId={projectId}
          status={status}
          {...(quickAddRef ? { inputRef: quickAddRef } : {})}
        />
      )}
    </section>
  );
}

/**
 * The board: one column per status, cards in board order (the first page of each column, and
 * "Show more" for the next), drag and drop between and within columns (pointer or keyboard), a
 * quick add per column, and the filter bar's filters applied to the loaded cards.
 */
export function BoardView() {
  const {
    project,
    tasks,
    columns: loadedColumns,
    loadMore,
    filters,
    openTask,
    canEdit,
  } = useProjectContext();
  const today = todayIso();
  const statusIds = useMemo(() => project.statuses.map((status) => status.id), [project.statuses]);
  const columns = useMemo(
    () => columnsOf(statusIds, tasks, filters, today),
    [statusIds, tasks, filters, today],
  );
  const move = useMoveTask();
  const [dragged, setDragged] = useState<BoardTask | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space'] },
    }),
  );
  const firstQuickAdd = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'c' || typingInField(event) || event.metaKey || event.ctrlKey) return;
      event.preventDefault();
      firstQuickAdd.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function moreOf(statusId: string) {
    const column = loadedColumns.get(statusId);
    if (!column?.endCursor) return null;
    return { load: () => loadMore(statusId), loading: column.loadingMore };
  }
  function onDragStart(event: DragStartEvent) {
    setDragged(tasks.find((task) => task.id === event.active.id) ?? null);
  }
  function onDragEnd(event: DragEndEvent) {
    setDragged(null);
    const task = tasks.find((candidate) => candidate.id === event.active.id);
    if (!task || !event.over || !canEdit) return;
    const target = dropTarget(columns, task.id, String(event.over.id));
    if (target) void move(task, target);
  }
  function onStep(task: BoardTask, direction: 'left' | 'right' | 'up' | 'down') {
    if (!canEdit) return;
    const target = stepTarget(columns, statusIds, task.id, direction);
    if (target) void move(task, target);
  }

  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
    >
      <div className="flex min-h-0 flex-1 gap-3 overflow-x-auto p-3">
        {project.statuses.map((status, i) => (
          <Column
            key={status.id}
            status={status}
            tasks={columns.get(status.id) ?? []}
            total={loadedColumns.get(status.id)?.total ?? 0}
            loaded={loadedColumns.get(status.id)?.tasks.length ?? 0}
            more={moreOf(status.id)}
            today={today}
            projectId={project.id}
            canEdit={canEdit}
            onOpen={openTask}
            onStep={onStep}
            {...(i === 0
              ? {
                  quickAddRef: (element: HTMLInputElement | null) => {
                    firstQuickAdd.current = element;
                  },
                }
              : {})}
          />
        ))}
      </div>
      <DragOverlay dropAnimation={null}>
        {dragged ? (
          <ul>
            <TaskCard
              task={dragged}
              today={today}
              className="rotate-1 rounded-md border border-accent bg-surface px-3 py-2 shadow-lg"
            />
          </ul>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
