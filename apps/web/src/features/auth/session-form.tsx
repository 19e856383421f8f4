'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { TextField } from '../../components/ui/field.tsx';
import { newRequestId } from '../../lib/request-id.ts';
import { safeNext } from './safe-next.ts';
import { providerSignInErrorMessage } from './sign-in-errors.ts';

/**
 * Sign in or sign up. The web server turns the node's session token into an httpOnly cookie;
 * this page never sees it. A retry after a failover reuses the same requestId.
 */
export function SessionForm({
  mode,
  provider = null,
}: {
  mode: 'signIn' | 'signUp';
  /** The OpenID provider's name when the cluster has one: a "Sign in with …" button. */
  provider?: string | null;
}) {
  const router = useRouter();
  const searchParams = useSearchParams();
  // A failed provider sign-in comes back here with its reason (api/auth/oidc/callback).
  const [error, setError] = useState<string | null>(
    providerSignInErrorMessage(searchParams.get('error')),
  );
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());
  const signUp = mode === 'signUp';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          mode,
          email: form.get('email'),
          password: form.get('password'),
          name: form.get('name'),
          requestId: requestId.current,
        }),
      });
      const answer = (await response.json()) as { error?: { message: string } };
      if (!response.ok) {
        setError(answer.error?.message ?? 'That did not work; try again.');
        if (response.status !== 503) requestId.current = newRequestId();
        return;
      }
      // A full navigation, so that every query starts fresh as the new person.
      window.location.assign(safeNext(searchParams.get('next')));
    } catch {
      setError('The board cannot be reached; check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto mt-[12vh] w-full max-w-sm px-4">
      <h1 className="mb-1 text-xl font-semibold">{signUp ? 'Create your account' : 'Sign in'}</h1>
      <p className="mb-6 text-sm text-muted">
        Raftboard keeps every change on a majority of the cluster.
      </p>
      <form
        onSubmit={submit}
        className="flex flex-col gap-3"
        aria-label={signUp ? 'Sign up' : 'Sign in'}
      >
        {signUp && (
          <TextField label="Name" name="name" required autoComplete="name" maxLength={128} />
        )}
        <TextField label="Email" name="email" type="email" required autoComplete="email" />
        <TextField
          label="Password"
          name="password"
          type="password"
          required
          minLength={signUp ? 8 : 1}
          autoComplete={signUp ? 'new-password' : 'current-password'}
          {...(signUp ? { hint: 'At least 8 characters.' } : {})}
        />
        {error && (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" disabled={busy} className="mt-1 justify-center">
          {signUp ? 'Sign up' : 'Sign in'}
        </Button>
      </form>
      {provider !== null && !signUp && (
        <ProviderSignIn name={provider} next={safeNext(searchParams.get('next'))} />
      )}
      <p className="mt-6 text-sm text-muted">
        {signUp ? 'Have an account? ' : 'New here? '}
        <Link
          className="text-accent underline"
          href={signUp ? '/sign-in' : '/sign-up'}
          onClick={() => router.prefetch('/projects')}
        >
          {signUp ? 'Sign in' : 'Create an account'}
        </Link>
      </p>
    </main>
  );
}

/**
 * The provider's button: a plain link to the route that begins the flow (it sets the state
 * cookie and redirects), so it works before any script runs.
 */
function ProviderSignIn({ name, next }: { name: string; next: string }) {
  return (
    <div className="mt-4 flex flex-col gap-3">
      <div className="flex items-center gap-2 text-xs text-muted" aria-hidden="true">
        <span className="h-px flex-1 bg-line" />
        or
        <span className="h-px flex-1 bg-line" />
      </div>
      <a
        href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`}
        className="inline-flex h-8 items-center justify-center rounded-md border border-line bg-surface px-3 text-sm font-medium text-ink transition-colors hover:bg-surface-2"
      >
        Sign in with {name}
      </a>
    </div>
  );
}

/** Ends the session on every node, drops the cookie, and goes to the sign-in page. */
export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
  window.location.assign('/sign-in');
}
