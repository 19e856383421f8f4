'use client';
import { stringifyDocument } from '@urql/core';
import { type ChangeEvent, useState } from 'react';
import { useMutation } from 'urql';
import { ConfirmButton } from '../../components/ui/confirm-button.tsx';
import { toast } from '../../components/ui/toast.tsx';
import type { ResultOf } from '../../graphql/index.ts';
import { graphqlPath } from '../../lib/client/client.ts';
import { mutationData } from '../../lib/client/errors.ts';
import { useRequestIds } from '../../lib/client/exactly-once.ts';
import { DeleteAttachmentMutation, UploadAttachmentMutation } from './documents.ts';
import { sizeInWords, timeInWords } from './relative-time.ts';
import { attachmentBytesMax, attachmentHref, postMultipart, uploadFormData } from './upload.ts';
import type { TaskSectionProps } from './use-task-detail.ts';

type UploadResult = ResultOf<typeof UploadAttachmentMutation>;

/** The progress bar of the file being sent. */
function UploadProgress({ fileName, fraction }: { fileName: string; fraction: number }) {
  const percent = Math.round(fraction * 100);
  return (
    <div className="flex items-center gap-2 text-xs text-muted">
      <span className="truncate">{fileName}</span>
      <div
        role="progressbar"
        aria-label={`Uploading ${fileName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-1.5 w-32 overflow-hidden rounded-full bg-surface-2"
      >
        <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <span className="tabular-nums">{percent}%</span>
    </div>
  );
}

/**
 * The task's files: download links (through the same-origin forwarder), an upload with
 * progress (a multipart GraphQL request sent by XMLHttpRequest), and delete.
 */
export function Attachments({ task, refresh, canEdit }: TaskSectionProps) {
  const [upload, setUpload] = useState<{ fileName: string; fraction: number } | null>(null);
  const [deleting, deleteAttachment] = useMutation(DeleteAttachmentMutation);
  const requestIds = useRequestIds();

  async function send(file: File) {
    if (file.size > attachmentBytesMax) {
      toast(`${file.name} is larger than ${sizeInWords(attachmentBytesMax)}, the limit.`, 'error');
      return;
    }
    const key = `upload:${file.name}:${file.size}:${file.lastModified}`;
    setUpload({ fileName: file.name, fraction: 0 });
    try {
      const variables = { taskId: task.id, requestId: requestIds.idFor(key) };
      const query = stringifyDocument(UploadAttachmentMutation);
      const form = uploadFormData({ query, variables, file, fileName: file.name });
      const onProgress = (fraction: number) => setUpload({ fileName: file.name, fraction });
      const response = await postMultipart<UploadResult>({ url: graphqlPath, form, onProgress });
      const index = response.data?.uploadAttachment.index;
      if (index === undefined) {
        const reason = response.errors?.[0]?.message ?? 'the server did not answer';
        toast(`Could not upload ${file.name}: ${reason}`, 'error');
        return;
      }
      requestIds.done(key);
      refresh(index);
    } catch (error) {
      toast(`Could not upload ${file.name}: ${(error as Error).message}`, 'error');
    } finally {
      setUpload(null);
    }
  }

  function onFileChosen(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void send(file);
  }

  async function remove(id: string, fileName: string) {
    const variables = { id, requestId: requestIds.idFor(`delete:${id}`) };
    const data = mutationData(await deleteAttachment(variables), `Could not delete ${fileName}`);
    if (!data) return;
    requestIds.done(`delete:${id}`);
    refresh(data.deleteAttachment.index);
  }

  return (
    <section aria-labelledby="task-attachments" className="flex flex-col gap-1.5">
      <h3
        id="task-attachments"
        className="text-xs font-semibold uppercase tracking-wide text-muted"
      >
        Attachments {task.attachments.length > 0 && `· ${task.attachments.length}`}
      </h3>
      <ul className="flex flex-col">
        {task.attachments.map((attachment) => (
          <li
            key={attachment.id}
            className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-surface-2"
          >
            <a
              href={attachmentHref(attachment)}
              download={attachment.fileName}
              className="truncate text-accent hover:underline"
            >
              {attachment.fileName}
            </a>
            <span className="shrink-0 text-xs text-muted">
              {sizeInWords(attachment.sizeBytes)} · {attachment.uploadedBy?.name ?? 'Someone'},{' '}
              {timeInWords(attachment.createdAt, Date.now())}
            </span>
            {canEdit && (
              <span className="ml-auto">
                <ConfirmButton
                  label={`Delete ${attachment.fileName}`}
                  disabled={deleting.fetching}
                  onConfirm={() => void remove(attachment.id, attachment.fileName)}
                >
                  Delete
                </ConfirmButton>
              </span>
            )}
          </li>
        ))}
      </ul>
      {upload && <UploadProgress fileName={upload.fileName} fraction={upload.fraction} />}
      {canEdit && !upload && (
        <label className="inline-flex h-7 cursor-pointer items-center self-start rounded-md border border-line px-2.5 text-xs text-ink hover:bg-surface-2 focus-within:ring-2 focus-within:ring-accent">
          <input type="file" className="sr-only" onChange={onFileChosen} />
          Attach a file (up to {sizeInWords(attachmentBytesMax)})
        </label>
      )}
    </section>
  );
}
