'use client';
import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { controlClassName } from '../../../components/ui/field.tsx';
import { toast } from '../../../components/ui/toast.tsx';

/**
 * Shows a webhook's signing secret, the only time it is ever shown (after creating the hook or
 * rotating its secret), with a Copy button. The secret lives only in the caller's state: closing
 * the dialog should drop it.
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
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast('Secret copied');
    } catch {
      toast('Could not copy: select the secret and copy it by hand.', 'error');
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={title}
      description="Copy the signing secret now; it will not be shown again."
    >
      <div className="flex flex-col gap-3">
        <p className="break-all font-mono text-xs text-muted">{url}</p>
        <div className="flex gap-2">
          <input
            readOnly
            value={secret}
            aria-label="Signing secret"
            onFocus={(event) => event.currentTarget.select()}
            className={cn(controlClassName, 'font-mono text-xs')}
          />
          <Button variant="primary" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <p className="text-xs text-muted">
          Every delivery carries{' '}
          <code className="font-mono">X-Raftboard-Signature: t=&lt;seconds&gt;,v1=&lt;hex&gt;</code>
          , the HMAC-SHA256 of <code className="font-mono">&lt;t&gt;.&lt;body&gt;</code> with this
          secret. Check it before trusting a delivery; rotate the secret if it leaks.
        </p>
        <div className="flex justify-end">
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    </Dialog>
  );
}
