import type { ButtonHTMLAttributes } from 'react';
import { cn } from './cn.ts';

/**
 * An on/off switch (`role="switch"`, `aria-checked`): a button, so Space and Enter flip it.
 * Name it with `aria-label` or `aria-labelledby`; `onCheckedChange` gets the wanted state.
 */
export function Switch({
  checked,
  onCheckedChange,
  className = '',
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onChange' | 'role'> & {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      onClick={() => onCheckedChange(!checked)}
      className={cn(
        'relative inline-flex h-5 w-9 shrink-0 items-center rounded-full border transition-colors disabled:opacity-50',
        checked ? 'border-accent bg-accent' : 'border-transparent bg-muted/45',
        className,
      )}
      {...props}
    >
      <span
        aria-hidden="true"
        className={cn(
          'size-3.5 rounded-full bg-white shadow transition-transform',
          checked ? 'translate-x-4' : 'translate-x-0.5',
        )}
      />
    </button>
  );
}
