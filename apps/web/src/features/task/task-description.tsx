'use client';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { TextArea, TextField } from '../../components/ui/field.tsx';
import { toast } from '../../components/ui/toast.tsx';
import { errorCode, errorText } from '../../lib/client/errors.ts';
import { useRequestIds } from '../../lib/client/exactly-once.ts';
import { UpdateTaskMutation } from '../board/documents.ts';
import { Markdown } from './markdown.tsx';
import type { TaskSectionProps } from './use-task-detail.ts';

const conflictMessage =
  'Someone changed this task while you were editing. The latest version has been loaded; ' +
  'your text is still here. Review it and save again, or discard your changes.';

/**
 * The task's title and Markdown description, with an Edit mode. A save carries the version the
 * editor started from (`expectedVersion`), so it never silently overwrites someone else's
 * change: on CONFLICT the task reloads and the draft is kept for a second look.
 */
export function TaskDescription({
  task,
  refresh,
  reload,
  canEdit,
}: TaskSectionProps & { reload: () => void }) {
  const [draft, setDraft] = useState<{ title: string; description: string } | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, updateTask] = useMutation(UpdateTaskMutation);
  const requestIds = useRequestIds();

  function startEditing() {
    setDraft({ title: task.title, description: task.description });
    setConflict(false);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const title = draft.title.trim();
    if (!title) return;
    const key = `edit:${task.version}:${title}\n${draft.description}`;
    const result = await updateTask({
      input: {
        id: task.id,
        expectedVersion: task.version,
        changes: { title, description: draft.description },
        requestId: requestIds.idFor(key),
      },
    });
    if (errorCode(result.error) === 'CONFLICT') {
      setConflict(true);
      reload();
      return;
    }
    if (result.error || !result.data) {
      toast(`Could not save the task: ${errorText(result.error)}`, 'error');
      return;
    }
    requestIds.done(key);
    setDraft(null);
    setConflict(false);
    refresh(result.data.updateTask.index);
  }

  if (!draft) {
    return (
      <section aria-label="Description" className="flex flex-col gap-2">
        {task.description.trim() ? (
          <Markdown text={task.description} />
        ) : (
          <p className="text-sm text-muted">No description.</p>
        )}
        {canEdit && (
          <Button variant="ghost" size="sm" className="self-start" onClick={startEditing}>
            Edit title and description
          </Button>
        )}
      </section>
    );
  }
  return (
    <form onSubmit={save} aria-label="Edit task" className="flex flex-col gap-2">
      <TextField
        label="Title"
        value={draft.title}
        required
        maxLength={255}
        onChange={(event) => setDraft({ ...draft, title: event.target.value })}
      />
      <TextArea
        label="Description (Markdown)"
        rows={10}
        value={draft.description}
        onChange={(event) => setDraft({ ...draft, description: event.target.value })}
      />
      {conflict && (
        <p role="alert" className="rounded-md border border-warn/40 px-2 py-1.5 text-sm text-warn">
          {conflictMessage}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={saving.fetching}>
          {saving.fetching ? 'Saving…' : 'Save'}
        </Button>
        <Button onClick={() => setDraft(null)}>{conflict ? 'Discard my changes' : 'Cancel'}</Button>
      </div>
    </form>
  );
}
