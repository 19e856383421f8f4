'use client';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { controlClassName, SelectField, TextField } from '../../../components/ui/field.tsx';
import { toast } from '../../../components/ui/toast.tsx';
import { useExactlyOnce } from '../../../lib/client/exactly-once.ts';
import {
  CreateStatusMutation,
  ReorderStatusesMutation,
  type SettingsProject,
  type SettingsStatus,
  UpdateStatusMutation,
} from './documents.ts';
import { SettingsSection } from './settings-section.tsx';

type Category = SettingsStatus['category'];

/** Status categories, in workflow order, with what each means on the board. */
const categories: readonly { category: Category; label: string }[] = [
  { category: 'BACKLOG', label: 'Backlog' },
  { category: 'UNSTARTED', label: 'Unstarted' },
  { category: 'STARTED', label: 'Started' },
  { category: 'COMPLETED', label: 'Completed' },
  { category: 'CANCELED', label: 'Canceled' },
];

function categoryLabel(category: Category): string {
  return categories.find((entry) => entry.category === category)?.label ?? category;
}

/** `ids` with the one at `index` swapped with its neighbour `by` places away (-1 or +1). */
export function moveId(ids: readonly string[], index: number, by: -1 | 1): string[] {
  const next = [...ids];
  const other = index + by;
  const [a, b] = [next[index], next[other]];
  if (a === undefined || b === undefined) return next;
  next[index] = b;
  next[other] = a;
  return next;
}

/**
 * The board's columns in order. Admins add them, rename them, change their category (entering
 * a STARTED status starts a task's cycle time, a COMPLETED one completes it) and reorder them.
 */
export function StatusesSection({
  project,
  canAdmin,
}: {
  project: SettingsProject;
  canAdmin: boolean;
}) {
  const [reorderState, reorderStatuses] = useMutation(ReorderStatusesMutation);
  const runOnce = useExactlyOnce();
  const ids = project.statuses.map((status) => status.id);

  async function move(index: number, by: -1 | 1) {
    const input = { projectId: project.id, statusIds: moveId(ids, index, by) };
    await runOnce(['reorder', input], 'Could not reorder the columns', (requestId) =>
      reorderStatuses({ input: { ...input, requestId } }),
    );
  }

  return (
    <SettingsSection
      title="Statuses"
      description="The board’s columns, left to right. The category decides when a task counts as started or done."
    >
      <ol aria-label="Statuses" className="divide-y divide-line rounded-md border border-line">
        {project.statuses.map((status, index) => (
          <li key={status.id} className="flex flex-wrap items-center gap-2 px-3 py-2">
            {canAdmin ? (
              <>
                <StatusEditor key={`${status.name}\n${status.category}`} status={status} />
                <div className="flex gap-1">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move ${status.name} up`}
                    disabled={index === 0 || reorderState.fetching}
                    onClick={() => void move(index, -1)}
                  >
                    ↑
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move ${status.name} down`}
                    disabled={index === ids.length - 1 || reorderState.fetching}
                    onClick={() => void move(index, 1)}
                  >
                    ↓
                  </Button>
                </div>
              </>
            ) : (
              <>
                <span className="flex-1 text-sm">{status.name}</span>
                <span className="text-xs text-muted">{categoryLabel(status.category)}</span>
              </>
            )}
          </li>
        ))}
      </ol>
      {canAdmin && <NewStatusForm projectId={project.id} />}
    </SettingsSection>
  );
}

function StatusEditor({ status }: { status: SettingsStatus }) {
  const [name, setName] = useState(status.name);
  const [category, setCategory] = useState<Category>(status.category);
  const [state, updateStatus] = useMutation(UpdateStatusMutation);
  const runOnce = useExactlyOnce();
  const changed = name.trim() !== status.name || category !== status.category;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!changed) return;
    const input = {
      id: status.id,
      ...(name.trim() !== status.name ? { name: name.trim() } : {}),
      ...(category !== status.category ? { category } : {}),
    };
    const done = await runOnce(['status', input], `Could not save ${status.name}`, (requestId) =>
      updateStatus({ input: { ...input, requestId } }),
    );
    if (done) toast('Status saved');
  }

  return (
    <form onSubmit={save} className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
      <input
        aria-label={`Name of status ${status.name}`}
        value={name}
        onChange={(event) => setName(event.target.value)}
        required
        className={cn(controlClassName, 'min-w-32 flex-1')}
      />
      <select
        aria-label={`Category of ${status.name}`}
        value={category}
        onChange={(event) => setCategory(event.target.value as Category)}
        className={cn(controlClassName, 'w-auto')}
      >
        {categories.map((entry) => (
          <option key={entry.category} value={entry.category}>
            {entry.label}
          </option>
        ))}
      </select>
      {changed && (
        <Button type="submit" variant="primary" size="sm" disabled={state.fetching}>
          Save
        </Button>
      )}
    </form>
  );
}

function NewStatusForm({ projectId }: { projectId: string }) {
  const [name, setName] = useState('');
  const [category, setCategory] = useState<Category>('UNSTARTED');
  const [state, createStatus] = useMutation(CreateStatusMutation);
  const runOnce = useExactlyOnce();

  async function create(event: FormEvent) {
    event.preventDefault();
    const input = { projectId, name: name.trim(), category };
    if (!input.name) return;
    const done = await runOnce(['create', input], `Could not add ${input.name}`, (requestId) =>
      createStatus({ input: { ...input, requestId } }),
    );
    if (done) setName('');
  }

  return (
    <form
      onSubmit={create}
      aria-label="Add a status"
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
    >
      <TextField
        label="New status"
        value={name}
        onChange={(event) => setName(event.target.value)}
        required
        className="flex-1"
      />
      <SelectField
        label="Category"
        value={category}
        onChange={(event) => setCategory(event.target.value as Category)}
      >
        {categories.map((entry) => (
          <option key={entry.category} value={entry.category}>
            {entry.label}
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="primary" disabled={state.fetching}>
        Add status
      </Button>
    </form>
  );
}
