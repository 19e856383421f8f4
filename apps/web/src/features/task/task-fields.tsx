'use client';
import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { SelectField, TextField } from '../../components/ui/field.tsx';
import type { VariablesOf } from '../../graphql/index.ts';
import { mutationData } from '../../lib/client/errors.ts';
import { useRequestIds } from '../../lib/client/exactly-once.ts';
import { MoveTaskMutation, UpdateTaskMutation } from '../board/documents.ts';
import { type Priority, priorities, priorityLabel } from '../board/priority.ts';
import { useProjectContext } from '../board/project-context.tsx';
import type { TaskSectionProps } from './use-task-detail.ts';

type TaskChanges = VariablesOf<typeof UpdateTaskMutation>['input']['changes'];

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A date input that sends a change once the value is a whole date, or empty (cleared). */
function DateField({
  label,
  value,
  disabled,
  onCommit,
}: {
  label: string;
  value: string | null;
  disabled: boolean;
  /** Sends the change; resolves false when it failed, and the field shows the task's value. */
  onCommit: (value: string | null) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  return (
    <TextField
      label={label}
      type="date"
      value={draft}
      disabled={disabled}
      onChange={(event) => {
        const next = event.target.value;
        setDraft(next);
        if (next !== '' && !isoDate.test(next)) return;
        void onCommit(next || null).then((sent) => {
          if (!sent) setDraft(value ?? '');
        });
      }}
    />
  );
}

/**
 * Status, priority and dates. A new status moves the task to the end of that column (as a drop
 * on the board would); each control sends only its own field, so two people changing different
 * fields never conflict.
 */
export function TaskFields({ task, refresh, canEdit }: TaskSectionProps) {
  const { project } = useProjectContext();
  const [moving, moveTask] = useMutation(MoveTaskMutation);
  const [updating, updateTask] = useMutation(UpdateTaskMutation);
  const requestIds = useRequestIds();
  const busy = moving.fetching || updating.fetching;

  async function changeStatus(statusId: string) {
    const key = `status:${statusId}`;
    const result = await moveTask({
      input: { id: task.id, statusId, requestId: requestIds.idFor(key) },
    });
    const data = mutationData(result, 'Could not change the status');
    if (!data) return;
    requestIds.done(key);
    refresh(data.moveTask.index);
  }

  async function change(changes: TaskChanges, what: string): Promise<boolean> {
    const key = `change:${JSON.stringify(changes)}`;
    const result = await updateTask({
      input: { id: task.id, changes, requestId: requestIds.idFor(key) },
    });
    const data = mutationData(result, `Could not change the ${what}`);
    if (!data) return false;
    requestIds.done(key);
    refresh(data.updateTask.index);
    return true;
  }

  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      <SelectField
        label="Status"
        value={task.status.id}
        disabled={!canEdit || busy}
        onChange={(event) => void changeStatus(event.target.value)}
      >
        {project.statuses.map((status) => (
          <option key={status.id} value={status.id}>
            {status.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Priority"
        value={task.priority}
        disabled={!canEdit || busy}
        onChange={(event) => void change({ priority: event.target.value as Priority }, 'priority')}
      >
        {priorities.map((priority) => (
          <option key={priority} value={priority}>
            {priorityLabel(priority)}
          </option>
        ))}
      </SelectField>
      <DateField
        label="Start date"
        value={task.startDate ?? null}
        disabled={!canEdit}
        onCommit={(startDate) => change({ startDate }, 'start date')}
      />
      <DateField
        label="Due date"
        value={task.dueDate ?? null}
        disabled={!canEdit}
        onCommit={(dueDate) => change({ dueDate }, 'due date')}
      />
    </div>
  );
}
