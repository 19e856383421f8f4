import { graphql, type ResultOf } from '../../graphql/index.ts';
import { BoardTaskFields } from '../board/documents.ts';

/** How a task recurs, as the drawer's recurrence line shows it. */
export const TaskRecurrenceFields = graphql(`
  fragment TaskRecurrenceFields on TaskRecurrence @_unmask {
    rule
    startsAt
    nextAt
    made
  }
`);

export type TaskRecurrence = ResultOf<typeof TaskRecurrenceFields>;

/**
 * Everything the task drawer shows, with named bounds: the newest 100 comments (read oldest
 * first) and the newest 30 history events. `minIndex` is the log index of the newest change the drawer
 * knows of (a live event, or its own mutation), so a reload on any node includes it.
 */
export const TaskDetailQuery = graphql(
  `
  query TaskDetail($id: ID!, $minIndex: Int) {
    task(id: $id, minIndex: $minIndex) {
      ...BoardTaskFields
      description
      createdBy {
        id
        name
      }
      status {
        id
        name
        category
      }
      parent {
        id
        title
      }
      following
      recurrence {
        ...TaskRecurrenceFields
      }
      occurrenceOf {
        id
        title
      }
      subtasks {
        id
        title
        status {
          id
          name
          category
        }
      }
      relations {
        type
        createdAt
        task {
          id
          title
        }
        relatedTask {
          id
          title
        }
      }
      attachments {
        id
        fileName
        contentType
        sizeBytes
        createdAt
        downloadUrl
        uploadedBy {
          id
          name
        }
      }
      shareLinks {
        id
        createdAt
        expiresAt
        createdBy {
          id
          name
        }
      }
      comments(last: 100) {
        totalCount
        edges {
          node {
            id
            body
            createdAt
            edited
            author {
              id
              name
              username
            }
          }
        }
      }
      history(last: 30) {
        totalCount
        edges {
          node {
            index
            ordinal
            kind
            at
            payload
            actor {
              id
              name
            }
          }
        }
      }
    }
  }
`,
  [BoardTaskFields, TaskRecurrenceFields],
);

/** The task as the drawer holds it. */
export type TaskDetail = NonNullable<ResultOf<typeof TaskDetailQuery>['task']>;

export const AssignTaskMutation = graphql(
  `
  mutation AssignTask($input: AssignTaskInput!) {
    assignTask(input: $input) {
      index
      task {
        ...BoardTaskFields
      }
    }
  }
`,
  [BoardTaskFields],
);

export const UnassignTaskMutation = graphql(
  `
  mutation UnassignTask($input: AssignTaskInput!) {
    unassignTask(input: $input) {
      index
      task {
        ...BoardTaskFields
      }
    }
  }
`,
  [BoardTaskFields],
);

export const SetTaskLabelsMutation = graphql(
  `
  mutation SetTaskLabels($input: SetTaskLabelsInput!) {
    setTaskLabels(input: $input) {
      index
      task {
        ...BoardTaskFields
      }
    }
  }
`,
  [BoardTaskFields],
);

export const AddTaskRelationMutation = graphql(`
  mutation AddTaskRelation($input: TaskRelationInput!) {
    addTaskRelation(input: $input) {
      index
    }
  }
`);

export const RemoveTaskRelationMutation = graphql(`
  mutation RemoveTaskRelation($input: TaskRelationInput!) {
    removeTaskRelation(input: $input) {
      index
    }
  }
`);

export const AddCommentMutation = graphql(`
  mutation AddComment($input: AddCommentInput!) {
    addComment(input: $input) {
      index
    }
  }
`);

export const EditCommentMutation = graphql(`
  mutation EditComment($input: EditCommentInput!) {
    editComment(input: $input) {
      index
      comment {
        id
        body
        edited
        updatedAt
      }
    }
  }
`);

export const DeleteCommentMutation = graphql(`
  mutation DeleteComment($input: DeleteCommentInput!) {
    deleteComment(input: $input) {
      index
    }
  }
`);

/** Sent by XMLHttpRequest as a multipart request (for progress), not through urql. */
export const UploadAttachmentMutation = graphql(`
  mutation UploadAttachment($taskId: ID!, $file: File!, $requestId: String) {
    uploadAttachment(taskId: $taskId, file: $file, requestId: $requestId) {
      index
      attachment {
        id
        fileName
      }
    }
  }
`);

export const DeleteAttachmentMutation = graphql(`
  mutation DeleteAttachment($id: ID!, $requestId: String) {
    deleteAttachment(id: $id, requestId: $requestId) {
      index
    }
  }
`);

export const ShareTaskMutation = graphql(`
  mutation ShareTask($taskId: ID!, $expiresAt: DateTime, $requestId: String) {
    shareTask(taskId: $taskId, expiresAt: $expiresAt, requestId: $requestId) {
      index
      shareId
      token
    }
  }
`);

export const UnshareTaskMutation = graphql(`
  mutation UnshareTask($shareId: ID!, $requestId: String) {
    unshareTask(shareId: $shareId, requestId: $requestId) {
      index
    }
  }
`);

/** A shared task, read without an account. */
export const SharedTaskQuery = graphql(`
  query SharedTask($token: String!) {
    sharedTask(token: $token) {
      title
      description
      statusName
      priority
      labelNames
      dueDate
      createdAt
      updatedAt
      completedAt
    }
  }
`);

/** Makes a task recur, or changes how; answers with its recurrence as the server reads it. */
export const SetTaskRecurrenceMutation = graphql(
  `
  mutation SetTaskRecurrence($input: SetTaskRecurrenceInput!) {
    setTaskRecurrence(input: $input) {
      index
      task {
        id
        recurrence {
          ...TaskRecurrenceFields
        }
      }
    }
  }
`,
  [TaskRecurrenceFields],
);

/** Stops a task recurring; the occurrences already made stay. */
export const ClearTaskRecurrenceMutation = graphql(`
  mutation ClearTaskRecurrence($taskId: ID!, $requestId: String) {
    clearTaskRecurrence(taskId: $taskId, requestId: $requestId) {
      index
      task {
        id
        recurrence {
          rule
        }
      }
    }
  }
`);

/** Follows a task: its comments and column changes notify you. */
export const FollowTaskMutation = graphql(`
  mutation FollowTask($taskId: ID!, $requestId: String) {
    followTask(taskId: $taskId, requestId: $requestId) {
      index
      task {
        id
        following
      }
    }
  }
`);

/** Stops following a task. */
export const UnfollowTaskMutation = graphql(`
  mutation UnfollowTask($taskId: ID!, $requestId: String) {
    unfollowTask(taskId: $taskId, requestId: $requestId) {
      index
      task {
        id
        following
      }
    }
  }
`);
