'use client';
import { type FormEvent, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { cn } from '../../components/ui/cn.ts';
import { controlClassName } from '../../components/ui/field.tsx';
import { toast } from '../../components/ui/toast.tsx';
import { errorText } from '../../lib/client/errors.ts';
import { newRequestId } from '../../lib/request-id.ts';
import { CreateTaskMutation } from './documents.ts';

/**
 * A column's quick add: type a title, press Enter. The requestId is kept until the server
 * answers, so a retry after a failover cannot create the task twice; the field keeps the text
 * until then, so nothing typed is lost.
 */
export function QuickAdd({
  projectId,
  status,
  inputRef,
}: {
  projectId: string;
  status: { id: string; name: string };
  inputRef?: (element: HTMLInputElement | null) => void;
}) {
  const [title, setTitle] = useState('');
  const [creation, createTask] = useMutation(CreateTaskMutation);
  const requestId = useRef(newRequestId());

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = title.trim();
    if (!text) return;
    const result = await createTask({
      input: { projectId, statusId: status.id, title: text, requestId: requestId.current },
    });
    if (result.error) {
      toast(`Could not add “${text}”: ${errorText(result.error)}`, 'error');
      return;
    }
    requestId.current = newRequestId();
    setTitle('');
  }

  return (
    <form onSubmit={submit} className="mt-1">
      <input
        ref={inputRef}
        aria-label={`New task in ${status.name}`}
        placeholder="+ New task"
        value={title}
        maxLength={255}
        disabled={creation.fetching}
        onChange={(event) => setTitle(event.target.value)}
        className={cn(controlClassName, 'border-transparent bg-transparent hover:border-line')}
      />
    </form>
  );
}
