'use client';
import { useEffect, useState } from 'react';
import { Button } from './button.tsx';

/** How long the second click stays armed. */
const confirmWindowMs = 4_000;

/**
 * A destructive button that asks twice without a modal: the first press arms it ("Confirm
 * delete?"), a second press within a few seconds acts. `label` is the accessible name.
 */
export function ConfirmButton({
  label,
  children,
  onConfirm,
  disabled = false,
}: {
  label: string;
  children: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), confirmWindowMs);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <Button
      variant={armed ? 'danger' : 'ghost'}
      size="xs"
      aria-label={armed ? `Confirm: ${label}` : label}
      disabled={disabled}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
    >
      {armed ? 'Confirm?' : children}
    </Button>
  );
}
