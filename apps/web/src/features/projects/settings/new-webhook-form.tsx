'use client';
import { type FormEvent, useId, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { useExactlyOnce } from '../../../lib/client/exactly-once.ts';
import { CreateWebhookMutation } from './documents.ts';
import { eventTypesOfChoice, webhookEventKinds } from './webhook-words.ts';

/** Webhook URLs are at most this long (the API refuses longer ones). */
const webhookUrlLengthMax = 2048;

/**
 * Adds a webhook: where to POST, and which event kinds (all, or some of the common ones). Hands
 * the signing secret to `onCreated` (to show once) with the log index to read the list at. The
 * server checks the URL (an http(s) URL that resolves to public addresses) and says why not.
 */
export function NewWebhookForm({
  projectId,
  onCreated,
}: {
  projectId: string;
  onCreated: (created: { url: string; secret: string; index: number }) => void;
}) {
  const [url, setUrl] = useState('');
  const [all, setAll] = useState(true);
  const [kinds, setKinds] = useState<string[]>([]);
  const [state, createWebhook] = useMutation(CreateWebhookMutation);
  const runOnce = useExactlyOnce();
  const hintId = useId();
  const choiceName = useId();
  const eventTypes = eventTypesOfChoice({ all, kinds });

  function toggle(kind: string, on: boolean) {
    setKinds((current) => (on ? [...current, kind] : current.filter((each) => each !== kind)));
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    const input = { projectId, url: url.trim(), eventTypes };
    if (!input.url || eventTypes.length === 0) return;
    const done = await runOnce(['webhook', input], 'Could not add the webhook', (requestId) =>
      createWebhook({ input: { ...input, requestId } }),
    );
    if (!done) return;
    onCreated({
      url: input.url,
      secret: done.createWebhook.secret,
      index: done.createWebhook.index,
    });
    setUrl('');
    setAll(true);
    setKinds([]);
  }

  return (
    <form
      onSubmit={create}
      aria-label="Add a webhook"
      className="flex flex-col gap-3 border-t border-line pt-3"
    >
      <TextField
        label="Payload URL"
        type="url"
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        required
        maxLength={webhookUrlLengthMax}
        placeholder="https://example.com/raftboard-hook"
        autoComplete="off"
      />
      <fieldset className="flex flex-col gap-2" aria-describedby={hintId}>
        <legend className="mb-1 text-xs font-medium text-muted">Events</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1">
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name={choiceName} checked={all} onChange={() => setAll(true)} />
            All events
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name={choiceName} checked={!all} onChange={() => setAll(false)} />
            Only these
          </label>
        </div>
        {!all && (
          <div className="grid grid-cols-1 gap-x-5 gap-y-1 pl-5 sm:grid-cols-2 md:grid-cols-3">
            {webhookEventKinds.map((kind) => (
              <label key={kind} className="flex items-center gap-2 font-mono text-xs">
                <input
                  type="checkbox"
                  checked={kinds.includes(kind)}
                  onChange={(event) => toggle(kind, event.target.checked)}
                />
                {kind}
              </label>
            ))}
          </div>
        )}
        <p id={hintId} className="text-xs text-muted">
          {all
            ? 'Every event of the project, including kinds added later.'
            : eventTypes.length === 0
              ? 'Pick at least one kind.'
              : `${eventTypes.length} of ${webhookEventKinds.length} kinds.`}
        </p>
      </fieldset>
      <div>
        <Button
          type="submit"
          variant="primary"
          disabled={state.fetching || eventTypes.length === 0}
        >
          Add webhook
        </Button>
      </div>
    </form>
  );
}
