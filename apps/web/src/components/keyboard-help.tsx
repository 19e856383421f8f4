'use client';
import { useEffect, useState } from 'react';
import { Dialog } from './ui/dialog.tsx';

/** The shortcuts the board answers to; `?` opens this list anywhere. */
export const shortcuts: { keys: string; action: string }[] = [
  { keys: '?', action: 'Show keyboard shortcuts' },
  { keys: 'c', action: 'New task in the first column' },
  { keys: '/', action: 'Search tasks (filter bar)' },
  { keys: 'Tab / Shift+Tab', action: 'Move between cards' },
  { keys: 'Enter', action: 'Open the focused card' },
  { keys: '[ / ]', action: 'Move the focused card to the previous / next column' },
  { keys: 'Alt+↑ / Alt+↓', action: 'Move the focused card up / down its column' },
  { keys: 'Space, arrows, Space', action: 'Pick up a card, carry it, drop it (drag by keyboard)' },
  { keys: 'Escape', action: 'Close a dialog or the task drawer' },
];

/** True when a key press belongs to a text field, not to the board's shortcuts. */
export function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return (
    target !== null &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The "?" button and dialog listing every shortcut. */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !typingInField(event)) setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md px-2 py-1 text-xs text-muted hover:bg-surface-2"
        aria-label="Keyboard shortcuts"
      >
        ?
      </button>
      <Dialog open={open} onOpenChange={setOpen} title="Keyboard shortcuts">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-muted">
              <th className="pb-2 font-medium">Keys</th>
              <th className="pb-2 font-medium">Action</th>
            </tr>
          </thead>
          <tbody>
            {shortcuts.map((shortcut) => (
              <tr key={shortcut.keys} className="border-t border-line">
                <td className="py-1.5 pr-4 font-mono text-xs">{shortcut.keys}</td>
                <td className="py-1.5">{shortcut.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Dialog>
    </>
  );
}
