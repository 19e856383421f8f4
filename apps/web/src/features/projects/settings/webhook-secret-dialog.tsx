'use client';
import { SecretOnceDialog } from '../../../components/ui/secret-once-dialog.tsx';

/**
 * Shows a webhook's signing secret, the only time it is ever shown (after creating the hook or
 * rotating its secret).
 */
export function WebhookSecretDialog({
  title,
  url,
  secret,
  onClose,
}: {
  title: string;
  url: string;
  secret: string;
  onClose: () => void;
}) {
  return (
    <SecretOnceDialog
      title={title}
      description="Copy the signing secret now; it will not be shown again."
      secret={secret}
      label="Signing secret"
      noun="secret"
      context={<p className="break-all font-mono text-xs text-muted">{url}</p>}
      onClose={onClose}
    >
      <p>
        Every delivery carries{' '}
        <code className="font-mono">X-Raftboard-Signature: t=&lt;seconds&gt;,v1=&lt;hex&gt;</code>,
        the HMAC-SHA256 of <code className="font-mono">&lt;t&gt;.&lt;body&gt;</code> with this
        secret. Check it before trusting a delivery; rotate the secret if it leaks.
      </p>
    </SecretOnceDialog>
  );
}
