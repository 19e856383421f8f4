'use client';
import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

/**
 * A modal dialog (Radix: focus is trapped inside, Escape closes, focus returns to the opener).
 * `side` makes it a drawer on the right, as the task detail uses.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  side = false,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  side?: boolean;
  children: ReactNode;
}) {
  const position = side
    ? 'right-0 top-0 h-full w-full max-w-2xl border-l'
    : 'left-1/2 top-[12vh] w-[min(92vw,32rem)] -translate-x-1/2 rounded-lg border';
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <RadixDialog.Content
          className={`fixed z-50 flex flex-col overflow-y-auto border-line bg-surface p-5 shadow-xl ${position}`}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <div className="mb-3 flex items-start justify-between gap-4">
            <RadixDialog.Title className="text-base font-semibold">{title}</RadixDialog.Title>
            <RadixDialog.Close
              className="rounded px-2 text-lg leading-none text-muted hover:bg-surface-2"
              aria-label="Close"
            >
              ×
            </RadixDialog.Close>
          </div>
          {description && (
            <RadixDialog.Description className="mb-3 text-sm text-muted">
              {description}
            </RadixDialog.Description>
          )}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
