'use client';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { cn } from '../../components/ui/cn.ts';
import { controlClassName } from '../../components/ui/field.tsx';
import { mutationData } from '../../lib/client/errors.ts';
import { useRequestIds } from '../../lib/client/exactly-once.ts';
import { useProjectContext } from '../board/project-context.tsx';
import {
  AddTaskRelationMutation,
  RemoveTaskRelationMutation,
  type TaskDetail,
} from './documents.ts';
import type { TaskSectionProps } from './use-task-detail.ts';

type RelationType = TaskDetail['relations'][number]['type'];

/** How a link reads from this task's side: outgoing ("Blocks"), or incoming ("Blocked by"). */
const relationWords: Record<RelationType, { outgoing: string; incoming: string }> = {
  BLOCKS: { outgoing: 'Blocks', incoming: 'Blocked by' },
  DUPLICATES: { outgoing: 'Duplicates', incoming: 'Duplicated by' },
  RELATES: { outgoing: 'Relates to', incoming: 'Relates to' },
};
const relationTypes = Object.keys(relationWords) as RelationType[];

/** Links between this task and others of the project: listed both ways, added and removed. */
export function Relations({ task, refresh, canEdit }: TaskSectionProps) {
  const { tasks, openTask } = useProjectContext();
  const [adding, addRelation] = useMutation(AddTaskRelationMutation);
  const [removing, removeRelation] = useMutation(RemoveTaskRelationMutation);
  const [type, setType] = useState<RelationType>('RELATES');
  const [relatedTaskId, setRelatedTaskId] = useState('');
  const requestIds = useRequestIds();
  const candidates = tasks
    .filter((other) => other.id !== task.id)
    .sort((a, b) => a.title.localeCompare(b.title));

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!relatedTaskId) return;
    const key = `relate:${type}:${relatedTaskId}`;
    const input = { taskId: task.id, relatedTaskId, type, requestId: requestIds.idFor(key) };
    const data = mutationData(await addRelation({ input }), 'Could not link the tasks');
    if (!data) return;
    requestIds.done(key);
    setRelatedTaskId('');
    refresh(data.addTaskRelation.index);
  }

  async function remove(input: { taskId: string; relatedTaskId: string; type: RelationType }) {
    const key = `unrelate:${input.type}:${input.taskId}:${input.relatedTaskId}`;
    const result = await removeRelation({ input: { ...input, requestId: requestIds.idFor(key) } });
    const data = mutationData(result, 'Could not remove the link');
    if (!data) return;
    requestIds.done(key);
    refresh(data.removeTaskRelation.index);
  }

  return (
    <section aria-labelledby="task-relations" className="flex flex-col gap-1.5">
      <h3 id="task-relations" className="text-xs font-semibold uppercase tracking-wide text-muted">
        Related tasks
      </h3>
      <ul className="flex flex-col">
        {task.relations.map((relation) => {
          if (!relation.task || !relation.relatedTask) return null;
          const outgoing = relation.task.id === task.id;
          const other = outgoing ? relation.relatedTask : relation.task;
          const words = relationWords[relation.type][outgoing ? 'outgoing' : 'incoming'];
          const ids = { taskId: relation.task.id, relatedTaskId: relation.relatedTask.id };
          return (
            <li
              key={`${relation.type}:${ids.taskId}:${ids.relatedTaskId}`}
              className="flex items-center gap-2 text-sm"
            >
              <span className="w-24 shrink-0 text-xs text-muted">{words}</span>
              <button
                type="button"
                onClick={() => openTask(other.id)}
                className="truncate rounded px-1 text-left hover:bg-surface-2"
              >
                {other.title}
              </button>
              {canEdit && (
                <button
                  type="button"
                  aria-label={`Remove link: ${words} ${other.title}`}
                  disabled={removing.fetching}
                  onClick={() => void remove({ ...ids, type: relation.type })}
                  className="ml-auto rounded px-1.5 text-muted hover:bg-surface-2 hover:text-ink"
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {canEdit && candidates.length > 0 && (
        <form onSubmit={add} className="flex gap-1.5">
          <select
            aria-label="Link type"
            value={type}
            onChange={(event) => setType(event.target.value as RelationType)}
            className={cn(controlClassName, 'w-32 py-1 text-xs')}
          >
            {relationTypes.map((value) => (
              <option key={value} value={value}>
                {relationWords[value].outgoing}
              </option>
            ))}
          </select>
          <select
            aria-label="Task to link"
            value={relatedTaskId}
            onChange={(event) => setRelatedTaskId(event.target.value)}
            className={cn(controlClassName, 'min-w-0 flex-1 py-1 text-xs')}
          >
            <option value="">Choose a task…</option>
            {candidates.map((other) => (
              <option key={other.id} value={other.id}>
                {other.title}
              </option>
            ))}
          </select>
          <Button type="submit" size="sm" disabled={!relatedTaskId || adding.fetching}>
            Link
          </Button>
        </form>
      )}
    </section>
  );
}
