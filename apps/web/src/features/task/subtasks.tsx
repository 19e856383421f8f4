'use client';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { cn } from '../../components/ui/cn.ts';
import { controlClassName } from '../../components/ui/field.tsx';
import { mutationData } from '../../lib/client/errors.ts';
import { useRequestIds } from '../../lib/client/exactly-once.ts';
import { CreateTaskMutation } from '../board/documents.ts';
import { useProjectContext } from '../board/project-context.tsx';
import type { TaskSectionProps } from './use-task-detail.ts';

const doneCategories = new Set(['COMPLETED', 'CANCELED']);

/** The task's subtasks (each opens in the drawer) and a one-line form to add one. */
export function Subtasks({
  task,
  refresh,
  canEdit,
  projectId,
}: TaskSectionProps & { projectId: string }) {
  const { openTask } = useProjectContext();
  const [title, setTitle] = useState('');
  const [creation, createTask] = useMutation(CreateTaskMutation);
  const requestIds = useRequestIds();

  async function add(event: FormEvent) {
    event.preventDefault();
    const text = title.trim();
    if (!text) return;
    const key = `subtask:${text}`;
    const input = { projectId, parentId: task.id, title: text, requestId: requestIds.idFor(key) };
    const data = mutationData(await createTask({ input }), `Could not add “${text}”`);
    if (!data) return;
    requestIds.done(key);
    setTitle('');
    refresh(data.createTask.index);
  }

  return (
    <section aria-labelledby="task-subtasks" className="flex flex-col gap-1.5">
      <h3 id="task-subtasks" className="text-xs font-semibold uppercase tracking-wide text-muted">
        Subtasks {task.subtasks.length > 0 && `· ${task.subtasks.length}`}
      </h3>
      <ul className="flex flex-col">
        {task.subtasks.map((subtask) => {
          const done = doneCategories.has(subtask.status.category);
          return (
            <li key={subtask.id}>
              <button
                type="button"
                onClick={() => openTask(subtask.id)}
                className="flex w-full items-center gap-2 rounded px-1.5 py-1 text-left text-sm hover:bg-surface-2"
              >
                <span className={done ? 'text-muted line-through' : ''}>{subtask.title}</span>
                <span className="ml-auto shrink-0 text-xs text-muted">{subtask.status.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {canEdit && (
        <form onSubmit={add}>
          <input
            aria-label="New subtask title"
            placeholder="+ Add subtask"
            value={title}
            maxLength={255}
            disabled={creation.fetching}
            onChange={(event) => setTitle(event.target.value)}
            className={cn(
              controlClassName,
              'border-transparent bg-transparent py-1 hover:border-line',
            )}
          />
        </form>
      )}
    </section>
  );
}
