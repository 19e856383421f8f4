import type { Metadata } from 'next';
import { SharedTaskView } from '../../../features/task/shared-task-view.tsx';

export const metadata: Metadata = {
  title: 'Shared task · Raftboard',
  // The token is the whole secret: keep the page out of search engines, and keep its URL out
  // of the Referer header of links in the description.
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

/** A read-only task behind a share link; no account, outside the signed-in app shell. */
export default async function SharedTaskPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <SharedTaskView token={token} />;
}
