'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Dialog } from '../../components/ui/dialog.tsx';
import { errorText } from '../../lib/client/errors.ts';
import { useProjectContext } from '../board/project-context.tsx';
import { Activity } from './activity.tsx';
import { Attachments } from './attachments.tsx';
import { Comments } from './comments.tsx';
import { FollowButton } from './follow-button.tsx';
import { Relations } from './relations.tsx';
import { ShareLinks } from './share-links.tsx';
import { Subtasks } from './subtasks.tsx';
import { TaskDescription } from './task-description.tsx';
import { TaskFields } from './task-fields.tsx';
import { TaskAssignees, TaskLabels } from './task-people.tsx';
import { TaskRecurrenceSection } from './task-recurrence.tsx';
import { type TaskSectionProps, useTaskDetail } from './use-task-detail.ts';

/** The drawer's body once the task is loaded: every section, top to bottom. */
function TaskDetailSections({
  section,
  projectId,
  reload,
}: {
  section: TaskSectionProps;
  projectId: string;
  reload: () => void;
}) {
  const { openTask } = useProjectContext();
  const { task } = section;
  const pathname = usePathname();
  const parent = task.parent;
  const template = task.occurrenceOf;
  return (
    <div className="flex flex-col gap-6">
      <div className="-mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted">
        {parent && (
          <p>
            Subtask of{' '}
            <button
              type="button"
              className="text-accent hover:underline"
              onClick={() => openTask(parent.id)}
            >
              {parent.title}
            </button>
          </p>
        )}
        {template && (
          <p>
            Made from{' '}
            <Link
              href={`${pathname}?task=${encodeURIComponent(template.id)}`}
              scroll={false}
              className="text-accent hover:underline"
            >
              {template.title}
            </Link>
          </p>
        )}
        <div className="ml-auto">
          <FollowButton task={task} refresh={section.refresh} />
        </div>
      </div>
      <TaskFields {...section} />
      <TaskRecurrenceSection {...section} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TaskAssignees {...section} />
        <TaskLabels {...section} />
      </div>
      <TaskDescription {...section} reload={reload} />
      <Subtasks {...section} projectId={projectId} />
      <Relations {...section} />
      <Attachments {...section} />
      <Comments {...section} />
      <ShareLinks {...section} />
      <Activity history={task.history} />
    </div>
  );
}

/**
 * The task detail drawer: everything about one task, editable by members, live while open
 * (see useTaskDetail). Rendered inside a project's screens (it reads the project's statuses,
 * labels and members from ProjectContext, whose frame leaves the project when the viewer loses
 * access); `onClose` runs on Escape, the close button or a click outside.
 */
export function TaskDrawer({
  taskId,
  projectId,
  onClose,
}: {
  taskId: string;
  projectId: string;
  onClose: () => void;
}) {
  const { canEdit } = useProjectContext();
  const { task, error, refresh, reload } = useTaskDetail(taskId);

  const title = task ? task.title : task === null ? 'Task not found' : 'Loading task…';
  return (
    <Dialog side open title={title} onOpenChange={(open) => !open && onClose()}>
      {task === undefined && error && (
        <p role="alert" className="text-sm text-danger">
          {errorText(error)}
        </p>
      )}
      {task === undefined && !error && <p className="text-sm text-muted">Loading…</p>}
      {task === null && (
        <p role="alert" className="text-sm text-muted">
          This task was deleted, or you can no longer see it.
        </p>
      )}
      {task && (
        <TaskDetailSections
          section={{ task, refresh, canEdit }}
          projectId={projectId}
          reload={reload}
        />
      )}
    </Dialog>
  );
}
