'use client';
import { SecretOnceDialog } from '../../components/ui/secret-once-dialog.tsx';

/** Shows a new API token's secret, the only time it is ever shown. */
export function NewTokenDialog({
  token,
  name,
  onClose,
}: {
  token: string;
  name: string;
  onClose: () => void;
}) {
  return (
    <SecretOnceDialog
      title={`Token “${name}” created`}
      description="Copy it now; it will not be shown again."
      secret={token}
      label="Your new API token"
      noun="token"
      onClose={onClose}
    >
      <p>
        Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>. Anyone
        with it acts as you, within its scopes, until it expires or you revoke it.
      </p>
    </SecretOnceDialog>
  );
}
