'use client';
import { useId, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { Button } from '../../../components/ui/button.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { toast } from '../../../components/ui/toast.tsx';
import { errorText } from '../../../lib/client/errors.ts';
import { useExactlyOnce } from '../../../lib/client/exactly-once.ts';
import {
  DeleteWebhookMutation,
  ProjectWebhooksQuery,
  RotateWebhookSecretMutation,
  type SettingsWebhook,
  UpdateWebhookMutation,
} from './documents.ts';
import { NewWebhookForm } from './new-webhook-form.tsx';
import { SettingsSection } from './settings-section.tsx';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { WebhookSecretDialog } from './webhook-secret-dialog.tsx';
import { eventTypesInWords, type WebhookState, webhookState } from './webhook-words.ts';

const stateBadges: Record<WebhookState, { text: string; className: string }> = {
  enabled: { text: 'Enabled', className: 'border-accent/40 text-accent' },
  paused: { text: 'Paused', className: 'border-line text-muted' },
  disabled: { text: 'Disabled', className: 'border-danger/40 text-danger' },
};

const deleteWarning = 'not even what is still pending. This cannot be undone.';

const rotateWarning = [
  'Deliveries from now on, retries included, are signed with a new secret: the receiver must',
  'switch to it, or it will refuse them.',
].join(' ');

/** A secret on screen: the only time it is shown. */
interface ShownSecret {
  title: string;
  url: string;
  secret: string;
}

/** Reads the project's hooks again, at least as fresh as log index `index`. */
type RefreshWebhooks = (index: number) => Promise<void>;

/**
 * The project's webhooks, for its admins and owners only (render it only when the viewer can
 * admin: below that the API answers FORBIDDEN). Each hook shows where it stands and opens its
 * delivery log; admins add hooks (the signing secret is shown once, in a dialog), pause and
 * resume them, rotate their secret (shown once too) and delete them.
 */
export function WebhooksSection({ projectId }: { projectId: string }) {
  const [{ data, error }] = useQuery({
    query: ProjectWebhooksQuery,
    variables: { projectId },
  });
  const client = useClient();
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const hooks = data?.project?.webhooks;

  // Created and deleted hooks change the list, which no answer carries: read it again at that
  // change's index, so it shows whichever node answers (the screen's query sees the new list).
  const refresh: RefreshWebhooks = async (index) => {
    await client
      .query(
        ProjectWebhooksQuery,
        { projectId, minIndex: index },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
  };

  return (
    <SettingsSection
      title="Webhooks"
      description="Events of the kinds a hook receives are POSTed to its URL, signed."
    >
      {error && !hooks && (
        <p role="alert" className="text-sm text-danger">
          Could not load the webhooks: {errorText(error)}
        </p>
      )}
      {!hooks && !error && <p className="text-sm text-muted">Loading the webhooks…</p>}
      {hooks?.length === 0 && <p className="text-sm text-muted">No webhooks yet.</p>}
      {hooks && hooks.length > 0 && (
        <ul aria-label="Webhooks" className="divide-y divide-line rounded-md border border-line">
          {hooks.map((hook) => (
            <WebhookItem
              key={hook.id}
              hook={hook}
              onSecret={(secret) =>
                setShown({ title: 'Webhook secret rotated', url: hook.url, secret })
              }
              onDeleted={refresh}
            />
          ))}
        </ul>
      )}
      <NewWebhookForm
        projectId={projectId}
        onCreated={({ url, secret, index }) => {
          setShown({ title: 'Webhook added', url, secret });
          void refresh(index);
        }}
      />
      {shown && (
        <WebhookSecretDialog
          title={shown.title}
          url={shown.url}
          secret={shown.secret}
          onClose={() => setShown(null)}
        />
      )}
    </SettingsSection>
  );
}

function WebhookItem({
  hook,
  onSecret,
  onDeleted,
}: {
  hook: SettingsWebhook;
  onSecret: (secret: string) => void;
  onDeleted: RefreshWebhooks;
}) {
  const [logOpen, setLogOpen] = useState(false);
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const [updating, updateWebhook] = useMutation(UpdateWebhookMutation);
  const [, rotateSecret] = useMutation(RotateWebhookSecretMutation);
  const [, deleteWebhook] = useMutation(DeleteWebhookMutation);
  const runOnce = useExactlyOnce();
  const logId = useId();
  const state = webhookState(hook);
  const badge = stateBadges[state];

  async function setEnabled(enabled: boolean) {
    const input = { id: hook.id, enabled };
    const failure = enabled ? 'Could not resume the webhook' : 'Could not pause the webhook';
    const done = await runOnce(['enabled', input], failure, (requestId) =>
      updateWebhook({ input: { ...input, requestId } }),
    );
    if (done) toast(enabled ? 'Webhook resumed' : 'Webhook paused');
  }

  async function rotate(): Promise<boolean> {
    const done = await runOnce(['rotate', hook.id], 'Could not rotate the secret', (requestId) =>
      rotateSecret({ id: hook.id, requestId }),
    );
    if (!done) return false;
    onSecret(done.rotateWebhookSecret.secret);
    return true;
  }

  async function remove(): Promise<boolean> {
    const done = await runOnce(['delete', hook.id], 'Could not delete the webhook', (requestId) =>
      deleteWebhook({ id: hook.id, requestId }),
    );
    if (!done) return false;
    await onDeleted(done.deleteWebhook.index);
    toast('Webhook deleted');
    return true;
  }

  return (
    <li className="flex flex-col gap-2 px-3 py-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <div className="flex min-w-0 flex-1 basis-64 flex-col gap-1">
          <p className="break-all font-mono text-sm">{hook.url}</p>
          <p className="flex flex-wrap items-center gap-x-2 text-xs text-muted">
            <span className={`rounded border px-1.5 font-medium leading-5 ${badge.className}`}>
              {badge.text}
            </span>
            <span>
              <span className="sr-only">Events: </span>
              {eventTypesInWords(hook.eventTypes)}
            </span>
            {hook.failureStreak > 0 && state === 'enabled' && (
              <span className="text-warn">{hook.failureStreak} failed attempts in a row</span>
            )}
          </p>
        </div>
        <div className="flex flex-wrap gap-1">
          <Button
            variant="ghost"
            size="sm"
            aria-expanded={logOpen}
            aria-controls={logOpen ? logId : undefined}
            aria-label={`Deliveries of ${hook.url}`}
            onClick={() => setLogOpen((open) => !open)}
          >
            <span aria-hidden="true">{logOpen ? '▾' : '▸'}</span>
            Deliveries
          </Button>
          <Button
            size="sm"
            disabled={updating.fetching}
            aria-label={`${hook.enabled ? 'Pause' : 'Resume'} ${hook.url}`}
            onClick={() => void setEnabled(!hook.enabled)}
          >
            {hook.enabled ? 'Pause' : 'Resume'}
          </Button>
          <Button
            size="sm"
            aria-label={`Rotate secret of ${hook.url}`}
            onClick={() => setConfirming('rotate')}
          >
            Rotate secret
          </Button>
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Delete ${hook.url}`}
            onClick={() => setConfirming('delete')}
          >
            Delete
          </Button>
        </div>
      </div>
      {state === 'disabled' && (
        <p className="rounded-md border border-danger/40 px-2 py-1 text-xs text-danger">
          Disabled after repeated failures: {hook.disabledReason}. Nothing new is queued until you
          resume it.
        </p>
      )}
      {logOpen && <WebhookDeliveries id={logId} webhookId={hook.id} />}
      <ConfirmDialog
        open={confirming === 'rotate'}
        onOpenChange={(open) => setConfirming(open ? 'rotate' : null)}
        title="Rotate the signing secret?"
        description={rotateWarning}
        confirmLabel="Rotate secret"
        onConfirm={rotate}
      />
      <ConfirmDialog
        open={confirming === 'delete'}
        onOpenChange={(open) => setConfirming(open ? 'delete' : null)}
        title="Delete this webhook?"
        description={`Nothing more is sent to ${hook.url}, ${deleteWarning}`}
        confirmLabel="Delete webhook"
        onConfirm={remove}
      />
    </li>
  );
}
