import { Suspense } from 'react';
import { SessionForm } from '../../features/auth/session-form.tsx';

export default function SignInPage() {
  return (
    <Suspense>
      <SessionForm mode="signIn" />
    </Suspense>
  );
}
