import { Suspense } from 'react';
import { SessionForm } from '../../features/auth/session-form.tsx';
import { signInProviderName } from '../../server/oidc.ts';

/** Rendered per request: whether a provider button shows depends on the cluster's settings. */
export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  const provider = await signInProviderName();
  return (
    <Suspense>
      <SessionForm mode="signIn" provider={provider} />
    </Suspense>
  );
}
