'use client';
import Link from 'next/link';
import { useQuery, useSubscription } from 'urql';
import { NotificationAddedSubscription, UnreadCountQuery } from './documents.ts';

/** The header's inbox link with a live unread count (`notificationAdded`). */
export function UnreadBadge() {
  const [{ data }, refetch] = useQuery({ query: UnreadCountQuery });
  useSubscription({ query: NotificationAddedSubscription }, (_previous, result) => {
    refetch({ requestPolicy: 'network-only' });
    return result;
  });
  const unread = data?.notifications.totalCount ?? 0;
  return (
    <Link
      href="/notifications"
      className="relative whitespace-nowrap rounded-md px-2 py-1 text-muted hover:bg-surface-2 hover:text-ink max-sm:px-1.5"
    >
      Inbox
      {unread > 0 && (
        <span className="ml-1 rounded-full bg-accent px-1.5 text-[11px] font-semibold text-white">
          {unread}
          <span className="sr-only"> unread</span>
        </span>
      )}
    </Link>
  );
}
