'use client';
import { type FormEvent, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/confirm-dialog.tsx';
import { SelectField } from '../../components/ui/field.tsx';
import { SecretOnceDialog } from '../../components/ui/secret-once-dialog.tsx';
import { toast } from '../../components/ui/toast.tsx';
import { errorText } from '../../lib/client/errors.ts';
import { useExactlyOnce } from '../../lib/client/exactly-once.ts';
import { newRequestId } from '../../lib/request-id.ts';
import { useRequiredViewer } from '../auth/viewer.ts';
import { calendarFeedName, calendarFeedUrl } from './calendar-words.ts';
import {
  type CalendarFeed,
  CalendarFeedsQuery,
  CreateCalendarFeedMutation,
  RevokeCalendarFeedMutation,
} from './documents.ts';

/** The "Shows" choice for the feed of the tasks assigned to you. */
const assignedChoice = '';

function formatDay(instant: string): string {
  return new Date(instant).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}

/** The feed's URL, the only time it is shown. */
function FeedUrlDialog({ url, name, onClose }: { url: string; name: string; onClose: () => void }) {
  return (
    <SecretOnceDialog
      title="Calendar feed created"
      description="Copy the URL now; it will not be shown again."
      secret={url}
      label="Calendar URL"
      noun="URL"
      context={<p className="text-xs text-muted">{name}</p>}
      onClose={onClose}
    >
      <p>
        Paste it where your calendar app subscribes to a calendar by URL (iCal). Anyone who has it
        sees these due dates without signing in: revoke the feed if it leaks.
      </p>
    </SecretOnceDialog>
  );
}

/**
 * Makes a feed: of the tasks assigned to you, or of one project's tasks. Hands the URL (shown
 * once) to `onCreated`. Every press is a new feed: the server refuses a retried requestId that
 * already made one, since it cannot show that token again, so a failure reloads the list.
 */
function NewFeedForm({
  projects,
  onCreated,
  onFailed,
}: {
  projects: readonly { id: string; name: string }[];
  onCreated: (created: { url: string; name: string; index: number }) => void;
  onFailed: () => void;
}) {
  const [choice, setChoice] = useState(assignedChoice);
  const [state, createFeed] = useMutation(CreateCalendarFeedMutation);

  async function create(event: FormEvent) {
    event.preventDefault();
    const projectId = choice === assignedChoice ? null : choice;
    const result = await createFeed({ projectId, requestId: newRequestId() });
    const done = result.data?.createCalendarFeed;
    if (result.error || !done) {
      toast(`Could not create the feed: ${errorText(result.error) ?? 'no answer'}`, 'error');
      onFailed();
      return;
    }
    const project = projects.find((each) => each.id === projectId) ?? null;
    onCreated({
      url: calendarFeedUrl(window.location.origin, done.path),
      name: calendarFeedName({ project }),
      index: done.index,
    });
  }

  return (
    <form
      onSubmit={create}
      aria-label="New calendar feed"
      className="flex flex-col gap-3 sm:flex-row sm:items-end"
    >
      <SelectField
        label="Shows the due dates of"
        value={choice}
        onChange={(event) => setChoice(event.target.value)}
        className="flex-1"
      >
        <option value={assignedChoice}>Tasks assigned to me, in every project</option>
        {projects.map((project) => (
          <option key={project.id} value={project.id}>
            Every task of {project.name}
          </option>
        ))}
      </SelectField>
      <div>
        <Button type="submit" variant="primary" disabled={state.fetching}>
          Create feed
        </Button>
      </div>
    </form>
  );
}

/**
 * Your calendar feeds: secret iCal URLs of due dates (one all-day event per task) that calendar
 * apps subscribe to. Create one for the tasks assigned to you or for a project (its URL is shown
 * once), and revoke those you no longer trust. The URL is this board's address: it forwards
 * `/calendar/<token>.ics` to a healthy node, so it works wherever the board does.
 */
export function CalendarFeedsScreen() {
  const { viewer } = useRequiredViewer();
  const [minIndex, setMinIndex] = useState<number | null>(null);
  const [{ data: fresh, error }, reexecute] = useQuery({
    query: CalendarFeedsQuery,
    variables: { minIndex },
    pause: !viewer,
  });
  // While the list is read again at a new index, keep showing the last one.
  const lastList = useRef(fresh);
  if (fresh) lastList.current = fresh;
  const data = fresh ?? lastList.current;
  const [created, setCreated] = useState<{ url: string; name: string } | null>(null);

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-3 py-6 sm:px-4">
      <div>
        <h1 className="text-lg font-semibold">Calendar</h1>
        <p className="text-sm text-muted">
          Subscribe to due dates from Google Calendar, Apple Calendar or Outlook: each task with a
          due date is an all-day event, kept up to date.
        </p>
      </div>
      <section
        aria-labelledby="new-feed-heading"
        className="rounded-lg border border-line bg-surface p-4"
      >
        <h2 id="new-feed-heading" className="mb-3 text-sm font-semibold">
          New feed
        </h2>
        <NewFeedForm
          projects={data?.projects ?? []}
          onCreated={({ url, name, index }) => {
            setCreated({ url, name });
            setMinIndex(index);
          }}
          onFailed={() => reexecute({ requestPolicy: 'network-only' })}
        />
      </section>
      <section aria-labelledby="feeds-heading" className="flex flex-col gap-2">
        <h2 id="feeds-heading" className="text-sm font-semibold">
          Your feeds
        </h2>
        {error && (
          <p role="alert" className="text-sm text-danger">
            Could not load your feeds: {errorText(error)}
          </p>
        )}
        {!data && !error && <p className="text-sm text-muted">Loading…</p>}
        {data && (
          <ul
            aria-labelledby="feeds-heading"
            className="divide-y divide-line rounded-lg border border-line bg-surface"
          >
            {data.calendarFeeds.map((feed) => (
              <FeedRow key={feed.id} feed={feed} onRevoked={setMinIndex} />
            ))}
            {data.calendarFeeds.length === 0 && (
              <li className="px-4 py-6 text-sm text-muted">No calendar feeds yet.</li>
            )}
          </ul>
        )}
      </section>
      {created && (
        <FeedUrlDialog url={created.url} name={created.name} onClose={() => setCreated(null)} />
      )}
    </main>
  );
}

function FeedRow({ feed, onRevoked }: { feed: CalendarFeed; onRevoked: (index: number) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [, revokeFeed] = useMutation(RevokeCalendarFeedMutation);
  const runOnce = useExactlyOnce();
  const name = calendarFeedName(feed);

  async function revoke(): Promise<boolean> {
    const done = await runOnce(['revoke', feed.id], `Could not revoke ${name}`, (requestId) =>
      revokeFeed({ id: feed.id, requestId }),
    );
    if (!done) return false;
    toast('Calendar feed revoked');
    onRevoked(done.revokeCalendarFeed.index);
    return true;
  }

  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">{name}</p>
        <p className="text-xs text-muted">Created {formatDay(feed.createdAt)}</p>
      </div>
      <Button
        variant="danger"
        size="sm"
        aria-label={`Revoke ${name}`}
        onClick={() => setConfirming(true)}
      >
        Revoke
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Revoke this calendar feed?"
        description="Calendar apps subscribed to its URL stop getting updates at once. This cannot be undone."
        confirmLabel="Revoke feed"
        onConfirm={revoke}
      />
    </li>
  );
}
