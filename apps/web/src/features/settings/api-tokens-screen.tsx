'use client';
import { useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/confirm-dialog.tsx';
import { toast } from '../../components/ui/toast.tsx';
import { errorText } from '../../lib/client/errors.ts';
import { useExactlyOnce } from '../../lib/client/exactly-once.ts';
import { useRequiredViewer } from '../auth/viewer.ts';
import { type ApiToken, ApiTokensQuery, RevokeApiTokenMutation } from './documents.ts';
import { NewTokenDialog } from './new-token-dialog.tsx';
import { NewTokenForm } from './new-token-form.tsx';
import { type TokenState, tokenState } from './token-dates.ts';

const stateBadges: Record<TokenState, { text: string; className: string }> = {
  active: { text: 'Active', className: 'text-accent' },
  expired: { text: 'Expired', className: 'text-warn' },
  revoked: { text: 'Revoked', className: 'text-muted' },
};

function formatDay(instant: string): string {
  return new Date(instant).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}

/**
 * Your personal API tokens for integrations: the list (revoked ones included), a form to create
 * one (its secret is shown once, in a dialog) and revoking with a confirmation. After a change
 * the list is read at that change's log index, so it shows it whichever node answers.
 */
export function ApiTokensScreen() {
  const { viewer } = useRequiredViewer();
  const [minIndex, setMinIndex] = useState<number | null>(null);
  const [{ data: fresh, error }] = useQuery({
    query: ApiTokensQuery,
    variables: { minIndex },
    pause: !viewer,
  });
  // While the list is read again at a new index, keep showing the last one.
  const lastList = useRef(fresh);
  if (fresh) lastList.current = fresh;
  const data = fresh ?? lastList.current;
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [now] = useState(() => new Date());

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-3 py-6 sm:px-4">
      <div>
        <h1 className="text-lg font-semibold">API tokens</h1>
        <p className="text-sm text-muted">
          Personal tokens let scripts and integrations use Raftboard as you.
        </p>
      </div>
      <section
        aria-labelledby="new-token-heading"
        className="rounded-lg border border-line bg-surface p-4"
      >
        <h2 id="new-token-heading" className="mb-3 text-sm font-semibold">
          New token
        </h2>
        <NewTokenForm
          onCreated={({ token, name, index }) => {
            setCreated({ token, name });
            setMinIndex(index);
          }}
        />
      </section>
      <section aria-labelledby="tokens-heading" className="flex flex-col gap-2">
        <h2 id="tokens-heading" className="text-sm font-semibold">
          Your tokens
        </h2>
        {error && (
          <p role="alert" className="text-sm text-danger">
            Could not load your tokens: {errorText(error)}
          </p>
        )}
        {!data && !error && <p className="text-sm text-muted">Loading…</p>}
        {data && (
          <ul
            aria-labelledby="tokens-heading"
            className="divide-y divide-line rounded-lg border border-line bg-surface"
          >
            {data.apiTokens.map((token) => (
              <TokenRow key={token.id} token={token} now={now} onRevoked={setMinIndex} />
            ))}
            {data.apiTokens.length === 0 && (
              <li className="px-4 py-6 text-sm text-muted">No tokens yet.</li>
            )}
          </ul>
        )}
      </section>
      {created && (
        <NewTokenDialog
          token={created.token}
          name={created.name}
          onClose={() => setCreated(null)}
        />
      )}
    </main>
  );
}

function TokenRow({
  token,
  now,
  onRevoked,
}: {
  token: ApiToken;
  now: Date;
  onRevoked: (index: number) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [, revokeToken] = useMutation(RevokeApiTokenMutation);
  const runOnce = useExactlyOnce();
  const state = tokenState(token, now);
  const badge = stateBadges[state];

  async function revoke(): Promise<boolean> {
    const done = await runOnce(
      ['revoke', token.id],
      `Could not revoke ${token.name}`,
      (requestId) => revokeToken({ id: token.id, requestId }),
    );
    if (!done) return false;
    toast(`Token ${token.name} revoked`);
    onRevoked(done.revokeApiToken.index);
    return true;
  }

  const dates = [
    `Created ${formatDay(token.createdAt)}`,
    token.expiresAt ? `expires ${formatDay(token.expiresAt)}` : 'never expires',
    ...(token.revokedAt ? [`revoked ${formatDay(token.revokedAt)}`] : []),
  ];
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
          <span className="truncate">{token.name}</span>
          <span className={`text-xs font-normal ${badge.className}`}>{badge.text}</span>
        </p>
        <p className="text-xs text-muted">
          <span className="sr-only">Scopes: </span>
          {token.scopes.map((scope) => scope.toLowerCase()).join(' + ')} · {dates.join(' · ')}
        </p>
      </div>
      {state === 'active' && (
        <Button
          variant="danger"
          size="sm"
          aria-label={`Revoke ${token.name}`}
          onClick={() => setConfirming(true)}
        >
          Revoke
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Revoke “${token.name}”?`}
        description="Anything using it stops working at once, on every node. This cannot be undone."
        confirmLabel="Revoke token"
        onConfirm={revoke}
      />
    </li>
  );
}
