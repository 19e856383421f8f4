'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useQuery } from 'urql';
import { signOut } from '../features/auth/session-form.tsx';
import { ViewerQuery } from '../features/auth/viewer.ts';
import { UnreadBadge } from '../features/notifications/unread-badge.tsx';
import { useConnectionSummary } from '../lib/live/connection-state.ts';
import { KeyboardHelp } from './keyboard-help.tsx';

const links = [
  { href: '/projects', label: 'Projects', section: '/projects' },
  { href: '/cluster', label: 'Cluster', section: '/cluster' },
  { href: '/settings/tokens', label: 'Settings', section: '/settings' },
];

/** Live, reconnecting or idle: the state of this tab's streams and the node serving them. */
function ConnectionIndicator() {
  const connection = useConnectionSummary();
  if (connection.kind === 'idle') return null;
  const live = connection.kind === 'live';
  return (
    <span
      role="status"
      className="flex items-center gap-1.5 text-xs text-muted"
      title={live ? 'Changes arrive live' : 'Reconnecting to another node'}
    >
      <span
        className={`size-2 rounded-full ${live ? 'bg-emerald-500' : 'bg-warn animate-pulse'}`}
      />
      {/* On a phone the dot says it; the words stay for screen readers, and the nav keeps room. */}
      <span className="max-sm:sr-only">
        {live ? `Live${connection.nodeId ? ` · ${connection.nodeId}` : ''}` : 'Reconnecting…'}
      </span>
    </span>
  );
}

/** The frame of every signed-in screen: navigation, inbox, connection, account. */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [{ data }] = useQuery({ query: ViewerQuery });
  const viewer = data?.me;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-30 flex h-11 items-center gap-1 border-b border-line bg-surface px-3 max-sm:px-1.5">
        <Link href="/projects" className="mr-3 font-semibold tracking-tight max-sm:mr-1">
          Raftboard
        </Link>
        <nav
          aria-label="Main"
          className="flex min-w-0 items-center gap-1 overflow-x-auto max-sm:gap-0"
        >
          {links.map((link) => (
            <Link
              key={link.href}
              href={link.href}
              aria-current={pathname.startsWith(link.section) ? 'page' : undefined}
              className="whitespace-nowrap rounded-md px-2 py-1 text-muted hover:bg-surface-2 hover:text-ink aria-[current=page]:text-ink aria-[current=page]:font-medium max-sm:px-1.5"
            >
              {link.label}
            </Link>
          ))}
          {viewer && <UnreadBadge />}
        </nav>
        <div className="ml-auto flex shrink-0 items-center gap-3 max-sm:gap-1.5">
          <ConnectionIndicator />
          <KeyboardHelp />
          {viewer ? (
            <>
              <span className="hidden text-xs text-muted sm:inline">{viewer.name}</span>
              <button
                type="button"
                onClick={() => void signOut()}
                className="whitespace-nowrap rounded-md px-2 py-1 text-xs text-muted hover:bg-surface-2 hover:text-ink max-sm:px-1"
              >
                Sign out
              </button>
            </>
          ) : (
            <Link href="/sign-in" className="text-xs text-accent">
              Sign in
            </Link>
          )}
        </div>
      </header>
      <div className="flex min-h-0 flex-1 flex-col">{children}</div>
    </div>
  );
}
