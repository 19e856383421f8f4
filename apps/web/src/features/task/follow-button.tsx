'use client';
import { useMutation } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { useExactlyOnce } from '../../lib/client/exactly-once.ts';
import { FollowTaskMutation, UnfollowTaskMutation } from './documents.ts';
import type { TaskSectionProps } from './use-task-detail.ts';

/**
 * Follow or stop following the task (a toggle, `aria-pressed`; its name stays "Follow" as a toggle's should): followers hear of its comments
 * and column changes. Anyone who reads the task may follow it, viewers too, so it ignores
 * `canEdit`. Assignees and commenters follow on their own; the server's answer is what shows.
 */
export function FollowButton({ task, refresh }: Pick<TaskSectionProps, 'task' | 'refresh'>) {
  const [following, followTask] = useMutation(FollowTaskMutation);
  const [unfollowing, unfollowTask] = useMutation(UnfollowTaskMutation);
  const runOnce = useExactlyOnce();
  const busy = following.fetching || unfollowing.fetching;

  async function toggle() {
    if (task.following) {
      const done = await runOnce(['unfollow', task.id], 'Could not unfollow', (requestId) =>
        unfollowTask({ taskId: task.id, requestId }),
      );
      if (done) refresh(done.unfollowTask.index);
      return;
    }
    const done = await runOnce(['follow', task.id], 'Could not follow', (requestId) =>
      followTask({ taskId: task.id, requestId }),
    );
    if (done) refresh(done.followTask.index);
  }

  return (
    <Button
      size="xs"
      aria-pressed={task.following}
      disabled={busy}
      title={
        task.following
          ? 'You are told of its comments and column changes'
          : 'Be told of its comments and column changes'
      }
      onClick={() => void toggle()}
      className="aria-pressed:border-accent/50 aria-pressed:text-accent"
    >
      <span aria-hidden="true">{task.following ? '✓' : '+'}</span>
      Follow
    </Button>
  );
}
