'use client';
import { type ReactNode, useState } from 'react';
import { Button } from './button.tsx';
import { cn } from './cn.ts';
import { Dialog } from './dialog.tsx';
import { controlClassName } from './field.tsx';
import { toast } from './toast.tsx';

/**
 * Shows a secret the server will never show again (an API token, a webhook's signing secret, a
 * calendar feed's URL) in a read-only field with a Copy button. The secret lives only in the
 * caller's state: closing the dialog should drop it.
 */
export function SecretOnceDialog({
  title,
  description,
  secret,
  label,
  noun,
  context,
  children,
  onClose,
}: {
  title: string;
  /** Says it is shown once, e.g. "Copy it now; it will not be shown again." */
  description: string;
  secret: string;
  /** The field's accessible name: "Your new API token", "Signing secret". */
  label: string;
  /** What the secret is, for the copy toasts: "token", "secret", "URL". */
  noun: string;
  /** What the secret belongs to, shown above the field (a URL, a feed's name). */
  context?: ReactNode;
  /** How to use it, shown below the field. */
  children: ReactNode;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast(`${noun.charAt(0).toUpperCase()}${noun.slice(1)} copied`);
    } catch {
      toast(`Could not copy: select the ${noun} and copy it by hand.`, 'error');
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={title}
      description={description}
    >
      <div className="flex flex-col gap-3">
        {context}
        <div className="flex gap-2">
          <input
            readOnly
            value={secret}
            aria-label={label}
            onFocus={(event) => event.currentTarget.select()}
            className={cn(controlClassName, 'font-mono text-xs')}
          />
          <Button variant="primary" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <div className="text-xs text-muted">{children}</div>
        <div className="flex justify-end">
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    </Dialog>
  );
}
