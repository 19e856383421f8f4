'use client';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { cn } from '../../components/ui/cn.ts';
import { Dialog } from '../../components/ui/dialog.tsx';
import { controlClassName } from '../../components/ui/field.tsx';
import { toast } from '../../components/ui/toast.tsx';

/**
 * Shows a new token's secret, the only time it is ever shown, with a Copy button. The secret
 * lives only in the caller's state: closing the dialog should drop it.
 */
export function NewTokenDialog({
  token,
  name,
  onClose,
}: {
  token: string;
  name: string;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
      toast('Token copied');
    } catch {
      toast('Could not copy: select the token and copy it by hand.', 'error');
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={`Token “${name}” created`}
      description="Copy it now; it will not be shown again."
    >
      <div className="flex flex-col gap-3">
        <div className="flex gap-2">
          <input
            readOnly
            value={token}
            aria-label="Your new API token"
            onFocus={(event) => event.currentTarget.select()}
            className={cn(controlClassName, 'font-mono text-xs')}
          />
          <Button variant="primary" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <p className="text-xs text-muted">
          Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>. Anyone
          with it acts as you, within its scopes, until it expires or you revoke it.
        </p>
        <div className="flex justify-end">
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    </Dialog>
  );
}
