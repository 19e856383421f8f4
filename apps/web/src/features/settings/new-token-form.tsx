'use client';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { TextField } from '../../components/ui/field.tsx';
import { useExactlyOnce } from '../../lib/client/exactly-once.ts';
import { CreateApiTokenMutation, type TokenScope } from './documents.ts';
import { expiresAtEndOfDay, localToday } from './token-dates.ts';

const scopeChoices: readonly { scope: TokenScope; label: string; hint: string }[] = [
  { scope: 'READ', label: 'Read', hint: 'Queries and subscriptions' },
  { scope: 'WRITE', label: 'Write', hint: 'Mutations' },
];

/** Token names are at most this long (the API says so too). */
const tokenNameLengthMax = 128;

/**
 * Creates a personal API token: a name, its scopes, and an optional last day. Hands the secret
 * to `onCreated` (to show once) with the log index to read the list at.
 */
export function NewTokenForm({
  onCreated,
}: {
  onCreated: (created: { token: string; name: string; index: number }) => void;
}) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['READ']);
  const [expiryDay, setExpiryDay] = useState('');
  const [state, createToken] = useMutation(CreateApiTokenMutation);
  const runOnce = useExactlyOnce();
  const [today] = useState(() => localToday(new Date()));

  function toggle(scope: TokenScope, on: boolean) {
    setScopes((current) =>
      scopeChoices
        .map((choice) => choice.scope)
        .filter((each) => (each === scope ? on : current.includes(each))),
    );
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    const variables = { name: name.trim(), scopes, expiresAt: expiresAtEndOfDay(expiryDay) };
    if (!variables.name) return;
    const done = await runOnce(['token', variables], 'Could not create the token', (requestId) =>
      createToken({ ...variables, requestId }),
    );
    if (!done) return;
    onCreated({
      token: done.createApiToken.token,
      name: variables.name,
      index: done.createApiToken.index,
    });
    setName('');
    setExpiryDay('');
  }

  return (
    <form onSubmit={create} aria-label="New API token" className="flex flex-col gap-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <TextField
          label="Token name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={tokenNameLengthMax}
          placeholder="CI deploys"
          className="flex-1"
        />
        <TextField
          label="Expires on (optional)"
          type="date"
          value={expiryDay}
          min={today}
          onChange={(event) => setExpiryDay(event.target.value)}
          hint="Works through the end of that day."
          className="sm:w-48"
        />
      </div>
      <fieldset className="flex flex-wrap gap-x-5 gap-y-2">
        <legend className="mb-1 text-xs font-medium text-muted">Scopes</legend>
        {scopeChoices.map((choice) => (
          <label key={choice.scope} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={scopes.includes(choice.scope)}
              onChange={(event) => toggle(choice.scope, event.target.checked)}
            />
            {choice.label}
            <span className="text-xs text-muted">{choice.hint}</span>
          </label>
        ))}
      </fieldset>
      <div>
        <Button type="submit" variant="primary" disabled={state.fetching}>
          Create token
        </Button>
      </div>
    </form>
  );
}
