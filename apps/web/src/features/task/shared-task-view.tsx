'use client';
import type { ReactNode } from 'react';
import { useQuery } from 'urql';
import { priorityLabel } from '../board/priority.ts';
import { SharedTaskQuery } from './documents.ts';
import { Markdown } from './markdown.tsx';

/** One labelled fact of the shared task ("Status: In Progress"). */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted">{term}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

/** The page's frame: the card in the middle of the canvas, with a quiet footer. */
function Frame({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-screen w-full max-w-2xl flex-col px-4 py-10">
      <article className="rounded-lg border border-line bg-surface p-6 shadow-sm">
        {children}
      </article>
      <p className="mt-4 text-center text-xs text-muted">Shared read-only from Raftboard</p>
    </main>
  );
}

/**
 * A task as a share link shows it, to anyone with the link and no account: title, status,
 * priority, labels, dates and the description (Markdown, rendered safely). A revoked, expired
 * or unknown token gets a plain explanation instead.
 */
export function SharedTaskView({ token }: { token: string }) {
  const [{ data, error, fetching }] = useQuery({ query: SharedTaskQuery, variables: { token } });
  if (!data && fetching) {
    return (
      <Frame>
        <p className="text-sm text-muted">Loading…</p>
      </Frame>
    );
  }
  if (error && !data) {
    return (
      <Frame>
        <p role="alert" className="text-sm text-danger">
          The shared task cannot be loaded right now. Try again in a moment.
        </p>
      </Frame>
    );
  }
  const task = data?.sharedTask;
  if (!task) {
    return (
      <Frame>
        <h1 className="text-base font-semibold">This link was revoked or has expired</h1>
        <p className="mt-2 text-sm text-muted">Ask the person who shared it for a new link.</p>
      </Frame>
    );
  }
  return (
    <Frame>
      <h1 className="text-lg font-semibold">{task.title}</h1>
      <dl className="mt-4 grid grid-cols-2 gap-3 border-b border-line pb-4 sm:grid-cols-4">
        <Fact term="Status">{task.statusName}</Fact>
        <Fact term="Priority">{priorityLabel(task.priority)}</Fact>
        <Fact term="Due">{task.dueDate ?? '—'}</Fact>
        <Fact term="Completed">{task.completedAt ? task.completedAt.slice(0, 10) : '—'}</Fact>
        {task.labelNames.length > 0 && (
          <div className="col-span-full flex flex-col gap-0.5">
            <dt className="text-xs text-muted">Labels</dt>
            <dd>
              <ul className="flex flex-wrap gap-1">
                {task.labelNames.map((name) => (
                  <li key={name} className="rounded-full border border-line px-2 text-xs">
                    {name}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
      <div className="mt-4">
        {task.description.trim() ? (
          <Markdown text={task.description} headingOffset={1} />
        ) : (
          <p className="text-sm text-muted">No description.</p>
        )}
      </div>
      <p className="mt-6 text-xs text-muted">
        Created {task.createdAt.slice(0, 10)} · updated {task.updatedAt.slice(0, 10)}
      </p>
    </Frame>
  );
}
