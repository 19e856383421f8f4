'use client';
import { useId } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { TextField } from '../../components/ui/field.tsx';
import {
  type CheckedDateRange,
  type DateRangeDraft,
  defaultDateRange,
  reportDaysDefault,
  reportDaysMax,
} from './date-range.ts';

/**
 * Two date inputs, "From" and "To" (both days included, UTC), and a way back to the default.
 * Every change goes to `onChange` as typed, even when it is not a valid range: the error is
 * shown here and the report waits for a valid one.
 */
export function DateRangePicker({
  range,
  today,
  onChange,
}: {
  range: CheckedDateRange;
  today: string;
  onChange: (draft: DateRangeDraft) => void;
}) {
  const errorId = useId();
  const invalid = range.error !== null;
  const describedBy = invalid ? { 'aria-describedby': errorId, 'aria-invalid': true } : {};
  const fallback = defaultDateRange(today);
  const isDefault = range.from === fallback.from && range.to === fallback.to;
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="sr-only">Date range</legend>
      <div className="flex flex-wrap items-end gap-2">
        <TextField
          type="date"
          label="From"
          value={range.from}
          onChange={(event) => onChange({ from: event.target.value, to: range.to })}
          className="w-40"
          {...describedBy}
        />
        <TextField
          type="date"
          label="To"
          value={range.to}
          onChange={(event) => onChange({ from: range.from, to: event.target.value })}
          className="w-40"
          {...describedBy}
        />
        <Button variant="ghost" disabled={isDefault} onClick={() => onChange(fallback)}>
          Last {reportDaysDefault} days
        </Button>
        <span className="pb-2 text-xs text-muted">
          {invalid ? `Up to ${reportDaysMax} days, UTC.` : `${range.days} days, UTC.`}
        </span>
      </div>
      {invalid && (
        <p id={errorId} role="alert" className="text-sm text-danger">
          {range.error}
        </p>
      )}
    </fieldset>
  );
}
