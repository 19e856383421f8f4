'use client';
import { type KeyboardEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { cn } from '../../components/ui/cn.ts';
import { controlClassName } from '../../components/ui/field.tsx';
import { insertMention, type MentionCandidate, matchMembers, mentionQueryAt } from './mentions.ts';

/**
 * A labelled Markdown textarea with @mention autocomplete (a textbox that owns a listbox
 * through aria-controls and aria-activedescendant, as GitHub's comment box does): typing `@` and letters lists matching project members; ArrowUp/ArrowDown choose, Enter or Tab
 * inserts `@username `, Escape closes the list (and only the list, not the drawer). Ctrl/Cmd +
 * Enter calls `onSubmit`.
 */
export function MentionInput({
  label,
  value,
  onChange,
  members,
  onSubmit,
  rows = 3,
  disabled = false,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  members: readonly MentionCandidate[];
  onSubmit?: () => void;
  rows?: number;
  disabled?: boolean;
  placeholder?: string;
}) {
  const id = useId();
  const listId = `${id}-mentions`;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const nextCaret = useRef<number | null>(null);

  const mention = caret === null ? null : mentionQueryAt(value, caret);
  const suggestions = mention ? matchMembers(members, mention.query) : [];
  const open = mention !== null && suggestions.length > 0 && dismissedAt !== mention.start;
  const activeIndex = Math.min(active, Math.max(suggestions.length - 1, 0));

  useLayoutEffect(() => {
    if (nextCaret.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(nextCaret.current, nextCaret.current);
    nextCaret.current = null;
  });

  // Radix's Dialog closes on Escape from a capture listener on `document`; a capture listener
  // on `window` runs first, so Escape can close just the list.
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.target !== textarea.current) return;
      event.stopPropagation();
      setDismissedAt(mention?.start ?? null);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [open, mention?.start]);

  function choose(member: MentionCandidate) {
    if (!mention) return;
    const result = insertMention(value, mention, member.username);
    nextCaret.current = result.caret;
    setCaret(result.caret);
    onChange(result.text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      onSubmit?.();
      return;
    }
    if (!open) return;
    const count = suggestions.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      const member = suggestions[activeIndex];
      if (!member) return;
      event.preventDefault();
      choose(member);
    }
  }

  const trackCaret = () => setCaret(textarea.current?.selectionStart ?? null);
  return (
    <div className="relative flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-muted">
        {label}
      </label>
      <textarea
        ref={textarea}
        id={id}
        rows={rows}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        aria-autocomplete="list"
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${activeIndex}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => {
          // Arrow keys move the caret (Home, End, PageUp…) unless they drive the open list.
          const listKey = event.key === 'ArrowUp' || event.key === 'ArrowDown';
          if (!(open && listKey)) trackCaret();
        }}
        onClick={trackCaret}
        onBlur={() => setCaret(null)}
        className={cn(controlClassName, 'resize-y')}
      />
      <div
        id={listId}
        role="listbox"
        aria-label="Members to mention"
        hidden={!open}
        className="absolute left-0 top-full z-10 mt-1 w-64 overflow-hidden rounded-md border border-line bg-surface py-1 text-sm shadow-lg"
      >
        {open &&
          suggestions.map((member, index) => (
            // The keyboard drives the list from the textarea (aria-activedescendant); a click
            // is the pointer's way to the same choice.
            // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the combobox
            <div
              key={member.id}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === activeIndex}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(member)}
              className="flex cursor-pointer items-baseline gap-2 px-2.5 py-1 aria-selected:bg-surface-2"
            >
              <span className="font-medium">@{member.username}</span>
              <span className="truncate text-xs text-muted">{member.name}</span>
            </div>
          ))}
      </div>
    </div>
  );
}
