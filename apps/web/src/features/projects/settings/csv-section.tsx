'use client';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useClient, useMutation } from 'urql';
import { Button } from '../../../components/ui/button.tsx';
import { controlClassName } from '../../../components/ui/field.tsx';
import { toast } from '../../../components/ui/toast.tsx';
import { errorText } from '../../../lib/client/errors.ts';
import { useRequestIds } from '../../../lib/client/exactly-once.ts';
import { downloadCsv } from '../../reports/csv.ts';
import {
  type CsvImportFailure,
  csvImportFailure,
  importCsvBytesMax,
  rowErrorInWords,
  tasksCsvFileName,
} from './csv-import.ts';
import { ImportTasksCsvMutation, ProjectTasksCsvQuery } from './documents.ts';
import { SettingsSection } from './settings-section.tsx';

/** Downloads the project's tasks as a .csv file, as the node has them now. */
function ExportButton({ projectId }: { projectId: string }) {
  const client = useClient();
  const [exporting, setExporting] = useState(false);

  async function exportCsv() {
    setExporting(true);
    const result = await client
      .query(ProjectTasksCsvQuery, { projectId }, { requestPolicy: 'network-only' })
      .toPromise();
    setExporting(false);
    const project = result.data?.project;
    if (result.error || !project) {
      toast(`Could not export the tasks: ${errorText(result.error) ?? 'no answer'}`, 'error');
      return;
    }
    // The API's CSV has no byte order mark; downloadCsv adds one so spreadsheets read UTF-8, and
    // the import takes it back.
    downloadCsv(tasksCsvFileName(project.name, new Date()), project.tasksCsv);
  }

  return (
    <Button disabled={exporting} onClick={() => void exportCsv()}>
      {exporting ? 'Exporting…' : 'Export CSV'}
    </Button>
  );
}

/** The problems of a refused import, as the server listed them. */
function ImportProblems({ failure }: { failure: CsvImportFailure }) {
  const unlisted = failure.rowErrorCount - failure.rowErrors.length;
  return (
    <div role="alert" className="rounded-md border border-danger/40 px-3 py-2 text-xs text-danger">
      {failure.rowErrors.length === 0 ? (
        <p>Nothing was imported: {failure.message}</p>
      ) : (
        <>
          <p className="font-medium">
            Nothing was imported: the file has{' '}
            {failure.rowErrorCount === 1 ? '1 problem' : `${failure.rowErrorCount} problems`}.
          </p>
          <ul aria-label="Import problems" className="mt-1 list-disc pl-4">
            {failure.rowErrors.map((rowError, i) => (
              // The server's list has no ids and never changes once shown.
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of the server's answer
              <li key={i}>{rowErrorInWords(rowError)}</li>
            ))}
          </ul>
          {unlisted > 0 && <p className="mt-1">…and {unlisted} more.</p>}
        </>
      )}
    </div>
  );
}

/**
 * Creates tasks from a .csv file in one change, all or none. The server checks every row first
 * and, when any is bad, lists the problems by row and column; they stay on screen to fix the
 * file by. The same file sent again (after a failure to reach the cluster) keeps its requestId,
 * so it is never imported twice.
 */
function ImportForm({ projectId }: { projectId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<CsvImportFailure | null>(null);
  const [state, importTasksCsv] = useMutation(ImportTasksCsvMutation);
  const requestIds = useRequestIds();
  const inputRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const hintId = useId();

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setFailure(null);
    if (file.size > importCsvBytesMax) {
      setFailure({
        message: `the file is over ${importCsvBytesMax / 1_048_576} MiB; split it`,
        rowErrors: [],
        rowErrorCount: 0,
      });
      return;
    }
    const csv = await file.text();
    const key = `import:${file.name}:${file.size}:${file.lastModified}`;
    const result = await importTasksCsv({
      input: { projectId, csv, requestId: requestIds.idFor(key) },
    });
    const done = result.data?.importTasksCsv;
    if (result.error || !done) {
      setFailure(csvImportFailure(result.error));
      return;
    }
    requestIds.done(key);
    toast(done.count === 1 ? 'Imported 1 task' : `Imported ${done.count} tasks`);
    setFile(null);
    if (inputRef.current) inputRef.current.value = '';
  }

  return (
    <form onSubmit={upload} aria-label="Import tasks from CSV" className="flex flex-col gap-2">
      <label htmlFor={fileId} className="text-xs font-medium text-muted">
        CSV file to import
      </label>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <input
          ref={inputRef}
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={hintId}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setFailure(null);
          }}
          className={`${controlClassName} min-w-0 flex-1 file:mr-2 file:rounded file:border-0 file:bg-surface-2 file:px-2 file:py-0.5 file:text-xs file:text-ink`}
        />
        <div>
          <Button type="submit" variant="primary" disabled={!file || state.fetching}>
            {state.fetching ? 'Importing…' : 'Import'}
          </Button>
        </div>
      </div>
      <p id={hintId} className="text-xs text-muted">
        A header row naming the columns: title (required), description, status, priority, dueDate,
        labels and assignees. An export imports back as it is. At most 500 tasks and 1 MiB; labels
        and people must already be in the project.
      </p>
      {failure && <ImportProblems failure={failure} />}
    </form>
  );
}

/**
 * The project's tasks in and out as CSV: every member exports (viewers too); members and up
 * import, when `canEdit`.
 */
export function CsvSection({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  return (
    <SettingsSection
      title="Import and export"
      description="Move tasks in and out as CSV, for spreadsheets and other tools."
    >
      <div className="flex flex-wrap items-center gap-3">
        <ExportButton projectId={projectId} />
        <p className="text-xs text-muted">
          Every task with its status, priority, dates, labels and assignees.
        </p>
      </div>
      {canEdit && (
        <div className="border-t border-line pt-3">
          <ImportForm projectId={projectId} />
        </div>
      )}
    </SettingsSection>
  );
}
