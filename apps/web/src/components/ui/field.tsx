import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

/** The control class, for inputs laid out by hand (inline quick add, filters). */
export const controlClassName =
  'w-full rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-ink placeholder:text-muted focus:border-accent focus:outline-none';

/**
 * A label above a control; the label is the control's accessible name. `control` receives the
 * id to put on the control.
 */
function Labelled({
  label,
  hint,
  className,
  control,
}: {
  label: string;
  hint?: string | undefined;
  className: string;
  control: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-xs font-medium text-muted">
        {label}
      </label>
      {control(id)}
      {hint && <p className="text-xs text-muted">{hint}</p>}
    </div>
  );
}

/** A labelled text input. */
export function TextField({
  label,
  hint,
  className = '',
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  const control = (id: string) => <input id={id} className={controlClassName} {...props} />;
  return <Labelled label={label} hint={hint} className={className} control={control} />;
}

/** A labelled multi-line input. */
export function TextArea({
  label,
  className = '',
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string }) {
  const control = (id: string) => <textarea id={id} className={controlClassName} {...props} />;
  return <Labelled label={label} className={className} control={control} />;
}

/** A labelled select. */
export function SelectField({
  label,
  className = '',
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string }) {
  const control = (id: string) => <select id={id} className={controlClassName} {...props} />;
  return <Labelled label={label} className={className} control={control} />;
}
