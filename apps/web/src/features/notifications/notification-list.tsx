'use client';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { toast } from '../../components/ui/toast.tsx';
import { graphql, type ResultOf } from '../../graphql/index.ts';
import { errorText } from '../../lib/client/errors.ts';
import { newRequestId } from '../../lib/request-id.ts';
import { useRequiredViewer } from '../auth/viewer.ts';
import { timeInWords } from '../task/relative-time.ts';
import { NotificationAddedSubscription, UnreadCountQuery } from './documents.ts';
import { describeNotification, notificationHref } from './notification-text.ts';

/** Bound on the inbox: the newest notifications only. */
const inboxSizeMax = 50;

/** The inbox; `minIndex` makes a reload include a change this tab just saw (any node answers). */
const InboxQuery = graphql(`
  query Inbox($first: Int!, $minIndex: Int) {
    notifications(first: $first, minIndex: $minIndex) {
      totalCount
      edges {
        node {
          id
          kind
          payload
          createdAt
          readAt
          project {
            id
            name
          }
          task {
            id
            title
          }
        }
      }
    }
  }
`);

const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($all: Boolean, $ids: [ID!], $requestId: String) {
    markNotificationsRead(all: $all, ids: $ids, requestId: $requestId) {
      index
      marked
    }
  }
`);

type InboxNotification = NonNullable<
  ResultOf<typeof InboxQuery>['notifications']
>['edges'][number]['node'];

/** One row: what happened, when, a link to it, and "Mark read" while unread. */
function NotificationRow({
  notification,
  onMarkRead,
  busy,
}: {
  notification: InboxNotification;
  onMarkRead: (id: string) => void;
  busy: boolean;
}) {
  const unread = notification.readAt === null || notification.readAt === undefined;
  const text = describeNotification(notification);
  const href = notificationHref(notification);
  return (
    <li className={`flex items-center gap-3 px-4 py-2.5 ${unread ? 'bg-accent/5' : ''}`}>
      <span
        aria-hidden
        className={`size-2 shrink-0 rounded-full ${unread ? 'bg-accent' : 'bg-transparent'}`}
      />
      <div className="flex min-w-0 flex-1 flex-col">
        {href ? (
          <Link
            href={href}
            className={`truncate text-sm hover:text-accent ${unread ? 'font-medium text-ink' : 'text-muted'}`}
          >
            {text}
            {unread && <span className="sr-only"> (unread)</span>}
          </Link>
        ) : (
          <span className={`truncate text-sm ${unread ? 'font-medium' : 'text-muted'}`}>
            {text}
          </span>
        )}
        <span className="text-xs text-muted">
          {notification.project?.name ?? 'A project'} ·{' '}
          <time dateTime={notification.createdAt} title={notification.createdAt}>
            {timeInWords(notification.createdAt, Date.now())}
          </time>
        </span>
      </div>
      {unread && (
        <Button
          variant="ghost"
          size="sm"
          className="shrink-0"
          aria-label={`Mark read: ${text}`}
          disabled={busy}
          onClick={() => onMarkRead(notification.id)}
        >
          Mark read
        </Button>
      )}
    </li>
  );
}

/**
 * The inbox: the newest notifications, unread ones emphasised, each linking to its task on the
 * board. Live: a new notification (`notificationAdded`) reloads the list at least as fresh as
 * it; marking read reloads at the mutation's index and refreshes the header's unread count.
 */
export function NotificationList() {
  const { viewer } = useRequiredViewer();
  const client = useClient();
  const [minIndex, setMinIndex] = useState<number | null>(null);
  const [{ data, error }] = useQuery({
    query: InboxQuery,
    variables: { first: inboxSizeMax, minIndex },
    requestPolicy: minIndex === null ? 'cache-and-network' : 'network-only',
    pause: !viewer,
  });
  // The last answer stays on screen while a fresher one loads, so rows never flash away.
  const kept = useRef(data);
  if (data) kept.current = data;
  const shown = kept.current;

  const [added] = useSubscription({ query: NotificationAddedSubscription, pause: !viewer });
  const addedIndex = added.data?.notificationAdded.index;
  useEffect(() => {
    if (addedIndex !== undefined) setMinIndex((current) => Math.max(current ?? 0, addedIndex));
  }, [addedIndex]);

  const [marking, markRead] = useMutation(MarkNotificationsReadMutation);
  const requestIds = useRef(new Map<string, string>());
  async function mark(target: { all: true } | { ids: string[] }) {
    const key = 'all' in target ? 'all' : target.ids.join(',');
    const requestId = requestIds.current.get(key) ?? newRequestId();
    requestIds.current.set(key, requestId);
    const result = await markRead({ ...target, requestId });
    if (result.error || !result.data) {
      toast(`Could not mark as read: ${errorText(result.error)}`, 'error');
      return;
    }
    requestIds.current.delete(key);
    setMinIndex((current) => Math.max(current ?? 0, result.data?.markNotificationsRead.index ?? 0));
    // The badge's query has no minIndex (its cache key must match); a read on a trailing node
    // may still count the old unread ones, and the next notification corrects it.
    void client.query(UnreadCountQuery, {}, { requestPolicy: 'network-only' }).toPromise();
  }

  const notifications = shown?.notifications.edges.map((edge) => edge.node) ?? [];
  const unreadCount = notifications.filter((item) => !item.readAt).length;
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-8">
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-lg font-semibold">Inbox</h1>
        <div className="flex items-center gap-2">
          <Link
            href="/settings/notifications"
            className="rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-2 hover:text-ink"
          >
            Email settings
          </Link>
          <Button
            disabled={unreadCount === 0 || marking.fetching}
            onClick={() => void mark({ all: true })}
          >
            Mark all read
          </Button>
        </div>
      </div>
      {error && !shown && (
        <p role="alert" className="text-danger">
          {errorText(error)}
        </p>
      )}
      {!shown && !error && <p className="text-sm text-muted">Loading…</p>}
      {shown && (
        <ul
          aria-label="Notifications"
          className="divide-y divide-line overflow-hidden rounded-lg border border-line bg-surface"
        >
          {notifications.map((notification) => (
            <NotificationRow
              key={notification.id}
              notification={notification}
              busy={marking.fetching}
              onMarkRead={(id) => void mark({ ids: [id] })}
            />
          ))}
          {notifications.length === 0 && (
            <li className="px-4 py-6 text-sm text-muted">
              Nothing here yet. Mentions, assignments and news of tasks you follow show up here.
            </li>
          )}
        </ul>
      )}
      {shown && shown.notifications.totalCount > notifications.length && (
        <p className="mt-2 text-xs text-muted">
          Showing the newest {notifications.length} of {shown.notifications.totalCount}.
        </p>
      )}
    </main>
  );
}
