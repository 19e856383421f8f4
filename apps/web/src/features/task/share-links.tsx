'use client';
import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { cn } from '../../components/ui/cn.ts';
import { ConfirmButton } from '../../components/ui/confirm-button.tsx';
import { controlClassName } from '../../components/ui/field.tsx';
import { toast } from '../../components/ui/toast.tsx';
import { mutationData } from '../../lib/client/errors.ts';
import { useRequestIds } from '../../lib/client/exactly-once.ts';
import { ShareTaskMutation, UnshareTaskMutation } from './documents.ts';
import { timeInWords } from './relative-time.ts';
import type { TaskSectionProps } from './use-task-detail.ts';

const dayMs = 24 * 60 * 60 * 1000;
/** Lifetimes a new link may have (days; 0 = until revoked). */
const lifetimesDays = [0, 1, 7, 30];

/** The page a share token opens, on this site. */
function sharedUrl(token: string): string {
  return `${window.location.origin}/shared/${encodeURIComponent(token)}`;
}

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    toast('Link copied');
  } catch {
    toast('Could not copy; select the link and copy it by hand.', 'error');
  }
}

/**
 * Read-only links to the task for people without an account. A new link's URL is shown once
 * (the API keeps only a hash of its token), with a Copy button; live links are listed to revoke.
 */
export function ShareLinks({ task, refresh, canEdit }: TaskSectionProps) {
  const [lifetimeDays, setLifetimeDays] = useState(0);
  const [fresh, setFresh] = useState<{ shareId: string; url: string } | null>(null);
  const [sharing, shareTask] = useMutation(ShareTaskMutation);
  const [revoking, unshareTask] = useMutation(UnshareTaskMutation);
  const requestIds = useRequestIds();
  const freshId = useId();

  async function share() {
    const key = `share:${lifetimeDays}`;
    const expiresAt =
      lifetimeDays > 0 ? new Date(Date.now() + lifetimeDays * dayMs).toISOString() : null;
    const result = await shareTask({
      taskId: task.id,
      expiresAt,
      requestId: requestIds.idFor(key),
    });
    const data = mutationData(result, 'Could not create a share link');
    if (!data) return;
    requestIds.done(key);
    setFresh({ shareId: data.shareTask.shareId, url: sharedUrl(data.shareTask.token) });
    refresh(data.shareTask.index);
  }

  async function revoke(shareId: string) {
    const key = `revoke:${shareId}`;
    const result = await unshareTask({ shareId, requestId: requestIds.idFor(key) });
    const data = mutationData(result, 'Could not revoke the link');
    if (!data) return;
    requestIds.done(key);
    if (fresh?.shareId === shareId) setFresh(null);
    refresh(data.unshareTask.index);
  }

  return (
    <section aria-labelledby="task-share" className="flex flex-col gap-1.5">
      <h3 id="task-share" className="text-xs font-semibold uppercase tracking-wide text-muted">
        Share links
      </h3>
      {fresh && (
        <div className="flex flex-col gap-1 rounded-md border border-accent/40 p-2">
          <label htmlFor={freshId} className="text-xs text-muted">
            New link: copy it now, it is shown only once.
          </label>
          <div className="flex gap-1.5">
            <input
              id={freshId}
              readOnly
              value={fresh.url}
              onFocus={(event) => event.target.select()}
              className={cn(controlClassName, 'py-1 font-mono text-xs')}
            />
            <Button size="sm" onClick={() => void copy(fresh.url)}>
              Copy
            </Button>
          </div>
        </div>
      )}
      <ul className="flex flex-col">
        {task.shareLinks.map((link) => (
          <li key={link.id} className="flex items-center gap-2 px-1 py-0.5 text-xs text-muted">
            <span>
              Link by {link.createdBy?.name ?? 'someone'}, {timeInWords(link.createdAt, Date.now())}
              {link.expiresAt ? ` · expires ${link.expiresAt.slice(0, 10)}` : ' · never expires'}
            </span>
            {canEdit && (
              <span className="ml-auto">
                <ConfirmButton
                  label={`Revoke the link made ${timeInWords(link.createdAt, Date.now())}`}
                  disabled={revoking.fetching}
                  onConfirm={() => void revoke(link.id)}
                >
                  Revoke
                </ConfirmButton>
              </span>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <div className="flex items-center gap-1.5">
          <select
            aria-label="Link lifetime"
            value={lifetimeDays}
            onChange={(event) => setLifetimeDays(Number(event.target.value))}
            className={cn(controlClassName, 'w-36 py-1 text-xs')}
          >
            {lifetimesDays.map((days) => (
              <option key={days} value={days}>
                {days === 0 ? 'Until revoked' : `Expires in ${days} day${days === 1 ? '' : 's'}`}
              </option>
            ))}
          </select>
          <Button size="sm" disabled={sharing.fetching} onClick={() => void share()}>
            Create share link
          </Button>
        </div>
      )}
    </section>
  );
}
