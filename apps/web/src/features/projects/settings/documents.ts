import { graphql, type ResultOf } from '../../../graphql/index.ts';
import { ProjectFrameFields } from '../../board/documents.ts';

/** The project as the settings screen reads it. */
export type SettingsProject = ResultOf<typeof ProjectFrameFields>;
export type SettingsMember = SettingsProject['members'][number];
export type SettingsStatus = SettingsProject['statuses'][number];
export type SettingsLabel = SettingsProject['labels'][number];

/** The project's settings; `minIndex` reads a change we just made, on any node. */
export const ProjectSettingsQuery = graphql(
  `
  query ProjectSettings($projectId: ID!, $minIndex: Int) {
    project(id: $projectId, minIndex: $minIndex) {
      ...ProjectFrameFields
    }
  }
`,
  [ProjectFrameFields],
);

export const UpdateProjectMutation = graphql(
  `
  mutation UpdateProjectSettings($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      index
      project {
        ...ProjectFrameFields
      }
    }
  }
`,
  [ProjectFrameFields],
);

export const AddProjectMemberMutation = graphql(
  `
  mutation AddProjectMember($input: AddProjectMemberInput!) {
    addProjectMember(input: $input) {
      index
      project {
        ...ProjectFrameFields
      }
    }
  }
`,
  [ProjectFrameFields],
);

export const UpdateProjectMemberRoleMutation = graphql(
  `
  mutation UpdateProjectMemberRole($input: UpdateProjectMemberRoleInput!) {
    updateProjectMemberRole(input: $input) {
      index
      project {
        ...ProjectFrameFields
      }
    }
  }
`,
  [ProjectFrameFields],
);

/** Removing yourself (leaving) answers with no project: you can no longer see it. */
export const RemoveProjectMemberMutation = graphql(
  `
  mutation RemoveProjectMember($input: RemoveProjectMemberInput!) {
    removeProjectMember(input: $input) {
      index
      project {
        ...ProjectFrameFields
      }
    }
  }
`,
  [ProjectFrameFields],
);

export const CreateStatusMutation = graphql(
  `
  mutation CreateStatus($input: CreateStatusInput!) {
    createStatus(input: $input) {
      index
      status {
        id
        project {
          ...ProjectFrameFields
        }
      }
    }
  }
`,
  [ProjectFrameFields],
);

export const UpdateStatusMutation = graphql(
  `
  mutation UpdateStatus($input: UpdateStatusInput!) {
    updateStatus(input: $input) {
      index
      status {
        id
        project {
          ...ProjectFrameFields
        }
      }
    }
  }
`,
  [ProjectFrameFields],
);

export const ReorderStatusesMutation = graphql(
  `
  mutation ReorderStatuses($input: ReorderStatusesInput!) {
    reorderStatuses(input: $input) {
      index
      project {
        ...ProjectFrameFields
      }
    }
  }
`,
  [ProjectFrameFields],
);

export const CreateLabelMutation = graphql(
  `
  mutation CreateLabel($input: CreateLabelInput!) {
    createLabel(input: $input) {
      index
      label {
        id
        project {
          ...ProjectFrameFields
        }
      }
    }
  }
`,
  [ProjectFrameFields],
);

export const UpdateLabelMutation = graphql(
  `
  mutation UpdateLabel($input: UpdateLabelInput!) {
    updateLabel(input: $input) {
      index
      label {
        id
        project {
          ...ProjectFrameFields
        }
      }
    }
  }
`,
  [ProjectFrameFields],
);

/** The label is gone afterwards; read the project again at `index` for the new list. */
export const DeleteLabelMutation = graphql(`
  mutation DeleteLabel($id: ID!, $requestId: String) {
    deleteLabel(id: $id, requestId: $requestId) {
      index
    }
  }
`);

/** What the webhook list shows of a hook; never its secret, which no query reads. */
export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook @_unmask {
    id
    url
    eventTypes
    enabled
    disabledReason
    failureStreak
    createdAt
  }
`);

export type SettingsWebhook = ResultOf<typeof WebhookFields>;

/** One delivery as the log shows it, with every attempt at it. */
export const WebhookDeliveryFields = graphql(`
  fragment WebhookDeliveryFields on WebhookDelivery @_unmask {
    id
    deliveryId
    eventKind
    logIndex
    state
    nextAttemptAt
    createdAt
    attempts {
      attempt
      at
      ok
      statusCode
      error
    }
  }
`);

export type SettingsWebhookDelivery = ResultOf<typeof WebhookDeliveryFields>;

/**
 * The project's webhooks, oldest first. Admins and owners only (FORBIDDEN below): ask only when
 * the viewer can admin. `minIndex` reads a hook we just created or deleted, on any node.
 */
export const ProjectWebhooksQuery = graphql(
  `
  query ProjectWebhooks($projectId: ID!, $minIndex: Int) {
    project(id: $projectId, minIndex: $minIndex) {
      id
      webhooks {
        ...WebhookFields
      }
    }
  }
`,
  [WebhookFields],
);

/**
 * A hook's newest deliveries (its state too, which deliveries change: the failure streak, and
 * whether repeated failure disabled it). `node` takes no `minIndex`: the log is polled instead.
 */
export const WebhookDeliveriesQuery = graphql(
  `
  query WebhookDeliveries($webhookId: ID!, $first: Int!) {
    node(id: $webhookId) {
      __typename
      ... on Webhook {
        ...WebhookFields
        deliveries(first: $first) {
          totalCount
          edges {
            node {
              ...WebhookDeliveryFields
            }
          }
        }
      }
    }
  }
`,
  [WebhookFields, WebhookDeliveryFields],
);

/** Answers with the signing secret, once. */
export const CreateWebhookMutation = graphql(
  `
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      index
      secret
      webhook {
        ...WebhookFields
      }
    }
  }
`,
  [WebhookFields],
);

/** Pauses or resumes a hook (or changes its URL or event kinds). */
export const UpdateWebhookMutation = graphql(
  `
  mutation UpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      index
      webhook {
        ...WebhookFields
      }
    }
  }
`,
  [WebhookFields],
);

/** Answers with the new signing secret, once. */
export const RotateWebhookSecretMutation = graphql(
  `
  mutation RotateWebhookSecret($id: ID!, $requestId: String) {
    rotateWebhookSecret(id: $id, requestId: $requestId) {
      index
      secret
      webhook {
        ...WebhookFields
      }
    }
  }
`,
  [WebhookFields],
);

/** The hook is gone afterwards; read the list again at `index`. */
export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!, $requestId: String) {
    deleteWebhook(id: $id, requestId: $requestId) {
      index
    }
  }
`);

/** Queues a delivered or failed delivery again (CONFLICT while it is still pending). */
export const RedeliverWebhookMutation = graphql(
  `
  mutation RedeliverWebhook($deliveryId: ID!, $requestId: String) {
    redeliverWebhook(deliveryId: $deliveryId, requestId: $requestId) {
      index
      delivery {
        ...WebhookDeliveryFields
      }
    }
  }
`,
  [WebhookDeliveryFields],
);

/**
 * The project's tasks as CSV (every member may export, viewers too). Read from the network each
 * time: the file is what the node has now, never a cached copy.
 */
export const ProjectTasksCsvQuery = graphql(`
  query ProjectTasksCsv($projectId: ID!) {
    project(id: $projectId) {
      id
      name
      tasksCsv
    }
  }
`);

/** Creates a project's tasks from CSV, all or none; bad rows come back in `extensions`. */
export const ImportTasksCsvMutation = graphql(`
  mutation ImportTasksCsv($input: ImportTasksCsvInput!) {
    importTasksCsv(input: $input) {
      index
      count
    }
  }
`);
