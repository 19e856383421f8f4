import { Suspense } from 'react';
import { SessionForm } from '../../features/auth/session-form.tsx';

export default function SignUpPage() {
  return (
    <Suspense>
      <SessionForm mode="signUp" />
    </Suspense>
  );
}
