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
