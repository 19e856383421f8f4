'use client';
import { useQuery } from 'urql';
import { errorText } from '../../../lib/client/errors.ts';
import { useRequiredViewer } from '../../auth/viewer.ts';
import { useProjectContext } from '../../board/project-context.tsx';
import { CsvSection } from './csv-section.tsx';
import { ProjectSettingsQuery } from './documents.ts';
import { GeneralSection } from './general-section.tsx';
import { LabelsSection } from './labels-section.tsx';
import { MembersSection } from './members-section.tsx';
import { StatusesSection } from './statuses-section.tsx';
import { WebhooksSection } from './webhooks-section.tsx';

/**
 * A project's settings: general details and archiving, members, statuses (the columns), labels
 * and, for admins and owners, webhooks. Controls show only to those whose role can use them
 * (`canAdmin`, `canEdit` from the project frame); the server still decides, and says no with an
 * error toast.
 */
export function ProjectSettingsScreen() {
  const { project: boardProject, canAdmin, canEdit } = useProjectContext();
  const { viewer } = useRequiredViewer();
  const [{ data, error }] = useQuery({
    query: ProjectSettingsQuery,
    variables: { projectId: boardProject.id },
  });
  const project = data?.project;

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-3 py-4 sm:px-4">
      <h2 className="text-base font-semibold">Settings</h2>
      {error && (
        <p role="alert" className="text-sm text-danger">
          Could not load the settings: {errorText(error)}
        </p>
      )}
      {!project && !error && <p className="text-sm text-muted">Loading the settings…</p>}
      {project && (
        <>
          {!canAdmin && (
            <p className="text-xs text-muted">
              Only the project’s admins and owners change its details, members and statuses, and see
              its webhooks.
            </p>
          )}
          <GeneralSection project={project} canAdmin={canAdmin} />
          <MembersSection project={project} canAdmin={canAdmin} viewerId={viewer?.id} />
          <StatusesSection project={project} canAdmin={canAdmin} />
          <LabelsSection project={project} canEdit={canEdit} />
          <CsvSection projectId={project.id} canEdit={canEdit} />
          {canAdmin && <WebhooksSection projectId={project.id} />}
        </>
      )}
    </main>
  );
}
