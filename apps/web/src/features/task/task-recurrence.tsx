'use client';
import { type FormEvent, Fragment, useId, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { SelectField, TextField } from '../../components/ui/field.tsx';
import { useExactlyOnce } from '../../lib/client/exactly-once.ts';
import { ClearTaskRecurrenceMutation, SetTaskRecurrenceMutation } from './documents.ts';
import {
  localInputOfInstant,
  presetOfRule,
  recurrenceLine,
  recurrencePresets,
  startsAtOfLocalInput,
} from './recurrence-words.ts';
import type { TaskSectionProps } from './use-task-detail.ts';

/** The rule field's value for "write your own". */
const customChoice = 'CUSTOM';
/** The API refuses longer rules; the field stops there too. */
const ruleLengthMax = 256;

/**
 * Sets how a task recurs: a preset or an RRULE of one's own, and an optional start (UTC, as the
 * server runs recurrences). The server checks the rule and says why not (a toast, as every
 * form of the drawer does); the form stays open with what was typed.
 */
function RecurrenceForm({
  task,
  refresh,
  onDone,
}: Pick<TaskSectionProps, 'task' | 'refresh'> & { onDone: () => void }) {
  const current = task.recurrence;
  const currentPreset = current ? presetOfRule(current.rule) : 'WEEKLY';
  const [choice, setChoice] = useState<string>(currentPreset ?? customChoice);
  const [customRule, setCustomRule] = useState(currentPreset ? '' : (current?.rule ?? ''));
  const [startsAtInput, setStartsAtInput] = useState(
    current ? localInputOfInstant(current.startsAt) : '',
  );
  const [state, setRecurrence] = useMutation(SetTaskRecurrenceMutation);
  const runOnce = useExactlyOnce();
  const hintId = useId();

  async function save(event: FormEvent) {
    event.preventDefault();
    const rule = choice === customChoice ? customRule.trim() : choice;
    if (rule === '') return;
    const input = { taskId: task.id, rule, startsAt: startsAtOfLocalInput(startsAtInput) };
    const done = await runOnce(['recur', input], 'Could not set the repeat', (requestId) =>
      setRecurrence({ input: { ...input, requestId } }),
    );
    if (!done) return;
    refresh(done.setTaskRecurrence.index);
    onDone();
  }

  return (
    <form onSubmit={save} aria-label="Repeat this task" className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Repeats"
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
        >
          {recurrencePresets.map((each) => (
            <option key={each.preset} value={each.preset}>
              {each.label}
            </option>
          ))}
          <option value={customChoice}>Custom rule…</option>
        </SelectField>
        <TextField
          label="Starts at (UTC, optional)"
          type="datetime-local"
          value={startsAtInput}
          onChange={(event) => setStartsAtInput(event.target.value)}
          hint="Sets the day and time of day; empty: now."
        />
      </div>
      {choice === customChoice && (
        <TextField
          label="RRULE"
          value={customRule}
          onChange={(event) => setCustomRule(event.target.value)}
          required
          maxLength={ruleLengthMax}
          placeholder="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
          spellCheck={false}
          autoComplete="off"
          className="font-mono"
          aria-describedby={hintId}
        />
      )}
      {choice === customChoice && (
        <p id={hintId} className="-mt-2 text-xs text-muted">
          An RFC 5545 rule, at most daily, e.g. FREQ=MONTHLY;BYMONTHDAY=1 or
          FREQ=WEEKLY;BYDAY=MO;COUNT=10.
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" size="sm" disabled={state.fetching}>
          Save repeat
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Parts longer than this (a raw custom rule) may break anywhere, so they never overflow. */
const unbrokenPartCharsMax = 40;

/** The line in parts that wrap between, not inside ("next Mon 9 Jan, 09:00 UTC" stays whole). */
function RecurrenceLine({ line }: { line: string }) {
  return line.split(' · ').map((part, i) => (
    <Fragment key={part}>
      {i > 0 && ' · '}
      <span className={part.length > unbrokenPartCharsMax ? 'break-all' : 'whitespace-nowrap'}>
        {part}
      </span>
    </Fragment>
  ));
}

/**
 * Whether and how the task recurs: "Repeats weekly · next Mon 9 Jan, 09:00 UTC · 3 made", with
 * controls for members to set, change or stop it. Each occurrence is a copy the server adds to
 * the first open column, due that day.
 */
export function TaskRecurrenceSection({ task, refresh, canEdit }: TaskSectionProps) {
  const [editing, setEditing] = useState(false);
  const [clearing, clearRecurrence] = useMutation(ClearTaskRecurrenceMutation);
  const runOnce = useExactlyOnce();
  const [now] = useState(() => new Date());
  const headingId = useId();
  const recurrence = task.recurrence;

  async function stop() {
    const done = await runOnce(['stop', task.id], 'Could not stop the repeat', (requestId) =>
      clearRecurrence({ taskId: task.id, requestId }),
    );
    if (done) refresh(done.clearTaskRecurrence.index);
  }

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-1">
      <h3 id={headingId} className="text-xs font-medium text-muted">
        Repeat
      </h3>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <p className="min-w-0 flex-1 basis-56 text-sm">
          {recurrence ? (
            <RecurrenceLine line={recurrenceLine(recurrence, now)} />
          ) : (
            'Does not repeat'
          )}
        </p>
        {canEdit && !editing && (
          <div className="flex gap-1">
            <Button size="xs" onClick={() => setEditing(true)}>
              {recurrence ? 'Change repeat' : 'Set repeat'}
            </Button>
            {recurrence && (
              <Button
                size="xs"
                variant="ghost"
                disabled={clearing.fetching}
                onClick={() => void stop()}
              >
                Stop repeating
              </Button>
            )}
          </div>
        )}
      </div>
      {editing && <RecurrenceForm task={task} refresh={refresh} onDone={() => setEditing(false)} />}
    </section>
  );
}
