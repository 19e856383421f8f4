'use client';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { TextArea, TextField } from '../../../components/ui/field.tsx';
import { toast } from '../../../components/ui/toast.tsx';
import { useExactlyOnce } from '../../../lib/client/exactly-once.ts';
import { type SettingsProject, UpdateProjectMutation } from './documents.ts';
import { SettingsSection } from './settings-section.tsx';

/** Name, description, and archiving (admins; everyone else reads them). */
export function GeneralSection({
  project,
  canAdmin,
}: {
  project: SettingsProject;
  canAdmin: boolean;
}) {
  return (
    <SettingsSection title="General">
      {canAdmin ? (
        // Remounts when the saved values change (here or elsewhere), so the form shows them.
        <DetailsForm key={`${project.name}\n${project.description}`} project={project} />
      ) : (
        <dl className="flex flex-col gap-2 text-sm">
          <div>
            <dt className="text-xs text-muted">Name</dt>
            <dd>{project.name}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Description</dt>
            <dd className="whitespace-pre-wrap">{project.description || '—'}</dd>
          </div>
        </dl>
      )}
      {canAdmin && <ArchiveControl project={project} />}
    </SettingsSection>
  );
}

function DetailsForm({ project }: { project: SettingsProject }) {
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const [state, updateProject] = useMutation(UpdateProjectMutation);
  const runOnce = useExactlyOnce();
  const changed = name.trim() !== project.name || description !== project.description;

  async function save(event: FormEvent) {
    event.preventDefault();
    const input = { id: project.id, name: name.trim(), description };
    const saved = await runOnce(['details', input], 'Could not save the project', (requestId) =>
      updateProject({ input: { ...input, requestId } }),
    );
    if (saved) toast('Project saved');
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-3">
      <TextField
        label="Project name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        required
        maxLength={128}
      />
      <TextArea
        label="Description"
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        rows={3}
      />
      <div>
        <Button type="submit" variant="primary" disabled={!changed || state.fetching}>
          Save
        </Button>
      </div>
    </form>
  );
}

function ArchiveControl({ project }: { project: SettingsProject }) {
  const [confirming, setConfirming] = useState(false);
  const [state, updateProject] = useMutation(UpdateProjectMutation);
  const runOnce = useExactlyOnce();

  async function setArchived(archived: boolean): Promise<boolean> {
    const input = { id: project.id, archived };
    const failure = archived ? 'Could not archive the project' : 'Could not unarchive the project';
    const done = await runOnce(['archive', input], failure, (requestId) =>
      updateProject({ input: { ...input, requestId } }),
    );
    if (done) toast(archived ? 'Project archived' : 'Project unarchived');
    return done !== null;
  }

  return (
    <div className="flex flex-wrap items-center gap-3 border-t border-line pt-3">
      <p className="flex-1 text-xs text-muted">
        {project.archived
          ? 'This project is archived: it is read-only until you unarchive it.'
          : 'Archiving makes the project read-only and hides it from the project list.'}
      </p>
      {project.archived ? (
        <Button disabled={state.fetching} onClick={() => void setArchived(false)}>
          Unarchive project
        </Button>
      ) : (
        <Button variant="danger" onClick={() => setConfirming(true)}>
          Archive project
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Archive “${project.name}”?`}
        description="Nobody can change its tasks until an admin unarchives it."
        confirmLabel="Archive project"
        onConfirm={() => setArchived(true)}
      />
    </div>
  );
}
