'use client';
import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { cn } from '../../components/ui/cn.ts';
import { controlClassName } from '../../components/ui/field.tsx';
import { mutationData } from '../../lib/client/errors.ts';
import { useRequestIds } from '../../lib/client/exactly-once.ts';
import { useProjectContext } from '../board/project-context.tsx';
import { AssignTaskMutation, SetTaskLabelsMutation, UnassignTaskMutation } from './documents.ts';
import type { TaskSectionProps } from './use-task-detail.ts';

/** Who works on the task: chips to remove, a select of the other project members to add. */
export function TaskAssignees({ task, refresh, canEdit }: TaskSectionProps) {
  const { project } = useProjectContext();
  const [assigning, assignTask] = useMutation(AssignTaskMutation);
  const [unassigning, unassignTask] = useMutation(UnassignTaskMutation);
  const requestIds = useRequestIds();
  const assigned = new Set(task.assignees.map((person) => person.id));
  const others = project.members.filter((member) => !assigned.has(member.user.id));
  const busy = assigning.fetching || unassigning.fetching;

  async function assign(userId: string) {
    const key = `assign:${userId}`;
    const input = { taskId: task.id, userId, requestId: requestIds.idFor(key) };
    const data = mutationData(await assignTask({ input }), 'Could not add the assignee');
    if (!data) return;
    requestIds.done(key);
    refresh(data.assignTask.index);
  }

  async function unassign(userId: string) {
    const key = `unassign:${userId}`;
    const input = { taskId: task.id, userId, requestId: requestIds.idFor(key) };
    const data = mutationData(await unassignTask({ input }), 'Could not remove the assignee');
    if (!data) return;
    requestIds.done(key);
    refresh(data.unassignTask.index);
  }

  return (
    <section aria-labelledby="task-assignees" className="flex flex-col gap-1.5">
      <h3 id="task-assignees" className="text-xs font-medium text-muted">
        Assignees
      </h3>
      <ul className="flex flex-wrap gap-1.5">
        {task.assignees.map((person) => (
          <li
            key={person.id}
            className="flex items-center gap-1 rounded-full border border-line bg-surface-2 py-0.5 pl-2 pr-1 text-xs"
          >
            {person.name}
            {canEdit && (
              <button
                type="button"
                aria-label={`Unassign ${person.name}`}
                disabled={busy}
                onClick={() => void unassign(person.id)}
                className="rounded-full px-1 text-muted hover:bg-surface hover:text-ink"
              >
                ×
              </button>
            )}
          </li>
        ))}
        {task.assignees.length === 0 && <li className="text-xs text-muted">Nobody yet</li>}
      </ul>
      {canEdit && others.length > 0 && (
        <select
          aria-label="Add an assignee"
          value=""
          disabled={busy}
          onChange={(event) => event.target.value && void assign(event.target.value)}
          className={cn(controlClassName, 'max-w-56 py-1 text-xs')}
        >
          <option value="">+ Add assignee</option>
          {others.map((member) => (
            <option key={member.user.id} value={member.user.id}>
              {member.user.name} (@{member.user.username})
            </option>
          ))}
        </select>
      )}
    </section>
  );
}

/**
 * The task's labels as checkboxes of the project's labels. Each toggle sends the whole new set
 * (`setTaskLabels`); the box shows the choice at once and goes back if the server refuses it.
 */
export function TaskLabels({ task, refresh, canEdit }: TaskSectionProps) {
  const { project } = useProjectContext();
  const [setting, setTaskLabels] = useMutation(SetTaskLabelsMutation);
  const requestIds = useRequestIds();
  const serverIds = task.labels.map((label) => label.id).join(',');
  const [chosen, setChosen] = useState(() => new Set(task.labels.map((label) => label.id)));
  useEffect(() => setChosen(new Set(serverIds ? serverIds.split(',') : [])), [serverIds]);

  async function toggle(labelId: string, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(labelId);
    else next.delete(labelId);
    setChosen(next);
    const labelIds = [...next].sort();
    const key = `labels:${labelIds.join(',')}`;
    const input = { taskId: task.id, labelIds, requestId: requestIds.idFor(key) };
    const data = mutationData(await setTaskLabels({ input }), 'Could not change the labels');
    if (!data) {
      setChosen(new Set(serverIds ? serverIds.split(',') : []));
      return;
    }
    requestIds.done(key);
    refresh(data.setTaskLabels.index);
  }

  return (
    <fieldset className="flex flex-col gap-1.5" disabled={!canEdit || setting.fetching}>
      <legend className="mb-1.5 text-xs font-medium text-muted">Labels</legend>
      {project.labels.length === 0 && (
        <p className="text-xs text-muted">This project has no labels yet.</p>
      )}
      <div className="flex flex-wrap gap-1.5">
        {project.labels.map((label) => (
          <label
            key={label.id}
            className="flex cursor-pointer items-center gap-1.5 rounded-full border border-line px-2 py-0.5 text-xs has-[:checked]:bg-surface-2"
          >
            <input
              type="checkbox"
              checked={chosen.has(label.id)}
              onChange={(event) => void toggle(label.id, event.target.checked)}
              className="accent-[var(--color-accent)]"
            />
            <span className="size-2 rounded-full" style={{ background: label.color }} />
            {label.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
