import type { ButtonHTMLAttributes } from 'react';
import { cn } from './cn.ts';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';
type Size = 'md' | 'sm' | 'xs';

const sizes: Record<Size, string> = {
  md: 'h-8 px-3 text-sm',
  sm: 'h-7 px-2.5 text-xs',
  xs: 'h-6 px-1.5 text-xs',
};

const variants: Record<Variant, string> = {
  primary: 'bg-accent text-white hover:bg-accent-strong disabled:opacity-50',
  secondary: 'border border-line bg-surface text-ink hover:bg-surface-2 disabled:opacity-50',
  ghost: 'text-muted hover:bg-surface-2 hover:text-ink disabled:opacity-50',
  danger: 'border border-line bg-surface text-danger hover:bg-surface-2 disabled:opacity-50',
};

/** The board's button: dense, one accent colour; `type` defaults to "button". */
export function Button({
  variant = 'secondary',
  size = 'md',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: Size }) {
  return (
    <button
      type={type}
      className={cn(
        'inline-flex items-center gap-1.5 rounded-md font-medium transition-colors',
        sizes[size],
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}
