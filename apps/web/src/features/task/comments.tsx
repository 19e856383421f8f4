'use client';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmButton } from '../../components/ui/confirm-button.tsx';
import { mutationData } from '../../lib/client/errors.ts';
import { useRequestIds } from '../../lib/client/exactly-once.ts';
import { ViewerQuery } from '../auth/viewer.ts';
import { useProjectContext } from '../board/project-context.tsx';
import {
  AddCommentMutation,
  DeleteCommentMutation,
  EditCommentMutation,
  type TaskDetail,
} from './documents.ts';
import { Markdown } from './markdown.tsx';
import { MentionInput } from './mention-input.tsx';
import type { MentionCandidate } from './mentions.ts';
import { timeInWords } from './relative-time.ts';
import type { TaskSectionProps } from './use-task-detail.ts';

type TaskComment = TaskDetail['comments']['edges'][number]['node'];

/** One comment; its author may edit or delete it (the server checks again). */
function CommentItem({
  comment,
  own,
  members,
  refresh,
}: {
  comment: TaskComment;
  own: boolean;
  members: readonly MentionCandidate[];
  refresh: (index: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [editing, editComment] = useMutation(EditCommentMutation);
  const [deleting, deleteComment] = useMutation(DeleteCommentMutation);
  const requestIds = useRequestIds();

  async function save() {
    if (draft === null || !draft.trim()) return;
    const key = `edit:${draft}`;
    const input = { id: comment.id, body: draft, requestId: requestIds.idFor(key) };
    const data = mutationData(await editComment({ input }), 'Could not save the comment');
    if (!data) return;
    requestIds.done(key);
    setDraft(null);
    refresh(data.editComment.index);
  }

  async function remove() {
    const input = { id: comment.id, requestId: requestIds.idFor('delete') };
    const data = mutationData(await deleteComment({ input }), 'Could not delete the comment');
    if (!data) return;
    requestIds.done('delete');
    refresh(data.deleteComment.index);
  }

  const author = comment.author?.name ?? 'Someone';
  return (
    <li className="flex flex-col gap-1 rounded-md border border-line px-3 py-2">
      <div className="flex items-baseline gap-2 text-xs">
        <span className="font-medium text-ink">{author}</span>
        <time dateTime={comment.createdAt} title={comment.createdAt} className="text-muted">
          {timeInWords(comment.createdAt, Date.now())}
        </time>
        {comment.edited && <span className="text-muted">(edited)</span>}
        {own && draft === null && (
          <span className="ml-auto flex gap-1">
            <Button
              variant="ghost"
              size="xs"
              aria-label={`Edit your comment from ${timeInWords(comment.createdAt, Date.now())}`}
              onClick={() => setDraft(comment.body)}
            >
              Edit
            </Button>
            <ConfirmButton
              label="Delete your comment"
              disabled={deleting.fetching}
              onConfirm={() => void remove()}
            >
              Delete
            </ConfirmButton>
          </span>
        )}
      </div>
      {draft === null ? (
        <Markdown text={comment.body} />
      ) : (
        <div className="flex flex-col gap-1.5">
          <MentionInput
            label="Edit comment"
            value={draft}
            onChange={setDraft}
            members={members}
            onSubmit={() => void save()}
          />
          <div className="flex gap-2">
            <Button
              variant="primary"
              size="sm"
              disabled={editing.fetching}
              onClick={() => void save()}
            >
              Save
            </Button>
            <Button size="sm" onClick={() => setDraft(null)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}

/** The conversation, oldest first, and a Markdown box with @mentions to add to it. */
export function Comments({ task, refresh, canEdit }: TaskSectionProps) {
  const { project } = useProjectContext();
  const [{ data: viewerData }] = useQuery({ query: ViewerQuery });
  const viewerId = viewerData?.me?.id;
  const members = project.members.map((member) => member.user);
  const [body, setBody] = useState('');
  const [adding, addComment] = useMutation(AddCommentMutation);
  const requestIds = useRequestIds();
  const comments = task.comments.edges.map((edge) => edge.node);

  async function add() {
    const text = body.trim();
    if (!text || adding.fetching) return;
    const key = `comment:${text}`;
    const input = { taskId: task.id, body: text, requestId: requestIds.idFor(key) };
    const data = mutationData(await addComment({ input }), 'Could not add the comment');
    if (!data) return;
    requestIds.done(key);
    setBody('');
    refresh(data.addComment.index);
  }

  const hidden = task.comments.totalCount - comments.length;
  return (
    <section aria-labelledby="task-comments" className="flex flex-col gap-2">
      <h3 id="task-comments" className="text-xs font-semibold uppercase tracking-wide text-muted">
        Comments {task.comments.totalCount > 0 && `· ${task.comments.totalCount}`}
      </h3>
      {hidden > 0 && <p className="text-xs text-muted">{hidden} earlier comments are not shown.</p>}
      <ol className="flex flex-col gap-2">
        {comments.map((comment) => (
          <CommentItem
            key={comment.id}
            comment={comment}
            own={viewerId !== undefined && comment.author?.id === viewerId}
            members={members}
            refresh={refresh}
          />
        ))}
      </ol>
      {canEdit && (
        <form
          className="flex flex-col gap-1.5"
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <MentionInput
            label="Add a comment (Markdown, @ to mention)"
            value={body}
            onChange={setBody}
            members={members}
            onSubmit={() => void add()}
            disabled={adding.fetching}
            placeholder="Write a comment… (Ctrl+Enter to send)"
          />
          <Button
            type="submit"
            variant="primary"
            size="sm"
            className="self-end"
            disabled={!body.trim() || adding.fetching}
          >
            Comment
          </Button>
        </form>
      )}
    </section>
  );
}
