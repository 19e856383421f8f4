'use client';
import { type FormEvent, useId, useState } from 'react';
import { useClient, useMutation } from 'urql';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { controlClassName, TextField } from '../../../components/ui/field.tsx';
import { toast } from '../../../components/ui/toast.tsx';
import { useExactlyOnce } from '../../../lib/client/exactly-once.ts';
import {
  CreateLabelMutation,
  DeleteLabelMutation,
  ProjectSettingsQuery,
  type SettingsLabel,
  type SettingsProject,
  UpdateLabelMutation,
} from './documents.ts';
import { SettingsSection } from './settings-section.tsx';

/** A new label's colour until someone picks another: the accent. */
const newLabelColorDefault = '#4f5bd5';

/** Label names are 1 to 64 characters (schema: CreateLabelInput.name). */
const labelNameLengthMax = 64;

/** The project's labels. Members and up create, rename, recolour and delete them. */
export function LabelsSection({
  project,
  canEdit,
}: {
  project: SettingsProject;
  canEdit: boolean;
}) {
  return (
    <SettingsSection title="Labels" description="Names are unique within the project.">
      {project.labels.length === 0 ? (
        <p className="text-sm text-muted">No labels yet.</p>
      ) : (
        <ul aria-label="Labels" className="divide-y divide-line rounded-md border border-line">
          {project.labels.map((label) => (
            <li key={label.id} className="flex flex-wrap items-center gap-2 px-3 py-2">
              {canEdit ? (
                <LabelEditor
                  key={`${label.name}\n${label.color}`}
                  projectId={project.id}
                  label={label}
                />
              ) : (
                <>
                  <Swatch color={label.color} />
                  <span className="text-sm">{label.name}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && <NewLabelForm projectId={project.id} />}
    </SettingsSection>
  );
}

function Swatch({ color }: { color: string }) {
  return (
    <span
      aria-hidden="true"
      className="size-3 shrink-0 rounded-full border border-line"
      style={{ background: color }}
    />
  );
}

function LabelEditor({ projectId, label }: { projectId: string; label: SettingsLabel }) {
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState(label.color);
  const [confirming, setConfirming] = useState(false);
  const [state, updateLabel] = useMutation(UpdateLabelMutation);
  const [, deleteLabel] = useMutation(DeleteLabelMutation);
  const client = useClient();
  const runOnce = useExactlyOnce();
  const changed = name.trim() !== label.name || color !== label.color;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!changed) return;
    const input = {
      id: label.id,
      ...(name.trim() !== label.name ? { name: name.trim() } : {}),
      ...(color !== label.color ? { color } : {}),
    };
    const done = await runOnce(['label', input], `Could not save ${label.name}`, (requestId) =>
      updateLabel({ input: { ...input, requestId } }),
    );
    if (done) toast('Label saved');
  }

  async function remove(): Promise<boolean> {
    const done = await runOnce(
      ['delete', label.id],
      `Could not delete ${label.name}`,
      (requestId) => deleteLabel({ id: label.id, requestId }),
    );
    if (!done) return false;
    // The answer carries no label list: read it again, at least as fresh as the delete.
    await client
      .query(
        ProjectSettingsQuery,
        { projectId, minIndex: done.deleteLabel.index },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    toast(`Label ${label.name} deleted`);
    return true;
  }

  return (
    <>
      <form onSubmit={save} className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
        <input
          type="color"
          aria-label={`Colour of label ${label.name}`}
          value={color}
          onChange={(event) => setColor(event.target.value.toLowerCase())}
          className="h-8 w-10 shrink-0 cursor-pointer rounded border border-line bg-surface p-0.5"
        />
        <input
          aria-label={`Name of label ${label.name}`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={labelNameLengthMax}
          className={cn(controlClassName, 'min-w-32 flex-1')}
        />
        {changed && (
          <Button type="submit" variant="primary" size="sm" disabled={state.fetching}>
            Save
          </Button>
        )}
      </form>
      <Button
        variant="ghost"
        size="sm"
        aria-label={`Delete label ${label.name}`}
        onClick={() => setConfirming(true)}
      >
        Delete
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete the label “${label.name}”?`}
        description="It is taken off every task that carries it. This cannot be undone."
        confirmLabel="Delete label"
        onConfirm={remove}
      />
    </>
  );
}

function NewLabelForm({ projectId }: { projectId: string }) {
  const [name, setName] = useState('');
  const [color, setColor] = useState(newLabelColorDefault);
  const [state, createLabel] = useMutation(CreateLabelMutation);
  const runOnce = useExactlyOnce();
  const colorId = useId();

  async function create(event: FormEvent) {
    event.preventDefault();
    const input = { projectId, name: name.trim(), color };
    if (!input.name) return;
    const done = await runOnce(['create', input], `Could not add ${input.name}`, (requestId) =>
      createLabel({ input: { ...input, requestId } }),
    );
    if (done) setName('');
  }

  return (
    <form
      onSubmit={create}
      aria-label="Add a label"
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
    >
      <TextField
        label="New label"
        value={name}
        onChange={(event) => setName(event.target.value)}
        required
        maxLength={labelNameLengthMax}
        className="flex-1"
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={colorId} className="text-xs font-medium text-muted">
          Colour
        </label>
        <input
          id={colorId}
          type="color"
          value={color}
          onChange={(event) => setColor(event.target.value.toLowerCase())}
          className="h-8 w-14 cursor-pointer rounded border border-line bg-surface p-0.5"
        />
      </div>
      <Button type="submit" variant="primary" disabled={state.fetching}>
        Add label
      </Button>
    </form>
  );
}
