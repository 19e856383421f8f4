'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { TextField } from '../../components/ui/field.tsx';
import { graphql } from '../../graphql/index.ts';
import { errorText } from '../../lib/client/errors.ts';
import { newRequestId } from '../../lib/request-id.ts';
import { useRequiredViewer } from '../auth/viewer.ts';

export const ProjectsQuery = graphql(`
  query Projects($includeArchived: Boolean) {
    projects(includeArchived: $includeArchived) {
      id
      name
      description
      archived
      viewerRole
      updatedAt
    }
  }
`);

const CreateProjectMutation = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      index
      project {
        id
        name
      }
    }
  }
`);

/** The projects a person belongs to, and a form to start a new one. */
export function ProjectList() {
  const { viewer } = useRequiredViewer();
  const [showArchived, setShowArchived] = useState(false);
  const [{ data, error }] = useQuery({
    query: ProjectsQuery,
    variables: { includeArchived: showArchived },
    pause: !viewer,
  });
  const [creation, createProject] = useMutation(CreateProjectMutation);
  const requestId = useRef(newRequestId());
  const router = useRouter();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    if (!name) return;
    const result = await createProject({
      input: {
        name,
        description: String(form.get('description') ?? ''),
        requestId: requestId.current,
      },
    });
    const project = result.data?.createProject.project;
    if (project) {
      requestId.current = newRequestId();
      router.push(`/projects/${project.id}/board`);
    }
  }

  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-8">
      <div className="mb-6 flex items-center justify-between">
        <h1 className="text-lg font-semibold">Projects</h1>
        <label className="flex items-center gap-2 text-xs text-muted">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.target.checked)}
          />
          Show archived
        </label>
      </div>
      {error && (
        <p role="alert" className="text-danger">
          {errorText(error)}
        </p>
      )}
      <ul
        aria-label="Your projects"
        className="mb-10 divide-y divide-line rounded-lg border border-line bg-surface"
      >
        {data?.projects.map((project) => (
          <li key={project.id} className="flex items-center gap-3 px-4 py-3">
            <Link href={`/projects/${project.id}/board`} className="font-medium hover:text-accent">
              {project.name}
            </Link>
            {project.archived && (
              <span className="rounded bg-surface-2 px-1.5 text-xs text-muted">Archived</span>
            )}
            <span className="truncate text-sm text-muted">{project.description}</span>
            <span className="ml-auto text-xs text-muted">{project.viewerRole?.toLowerCase()}</span>
          </li>
        ))}
        {data && data.projects.length === 0 && (
          <li className="px-4 py-6 text-sm text-muted">No projects yet. Start one below.</li>
        )}
      </ul>
      <section
        aria-labelledby="new-project"
        className="rounded-lg border border-line bg-surface p-4"
      >
        <h2 id="new-project" className="mb-3 text-sm font-semibold">
          New project
        </h2>
        <form onSubmit={create} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <TextField label="Project name" name="name" required maxLength={128} className="flex-1" />
          <TextField label="Description" name="description" maxLength={2000} className="flex-1" />
          <Button type="submit" variant="primary" disabled={creation.fetching}>
            Create project
          </Button>
        </form>
        {creation.error && (
          <p role="alert" className="mt-2 text-sm text-danger">
            {errorText(creation.error)}
          </p>
        )}
      </section>
    </main>
  );
}
