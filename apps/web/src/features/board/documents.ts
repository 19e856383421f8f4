import { graphql } from '../../graphql/index.ts';

/** What the board, the list and the calendar show of a task. */
export const BoardTaskFields = graphql(`
  fragment BoardTaskFields on Task @_unmask {
    id
    title
    priority
    dueDate
    startDate
    position
    version
    createdAt
    updatedAt
    completedAt
    status {
      id
    }
    parent {
      id
    }
    assignees {
      id
      name
      username
    }
    labels {
      id
      name
      color
    }
  }
`);

/**
 * Cards a board column shows at first, and loads with each "Show more": what a person scans
 * in a column; the rest stays on the server until asked for.
 */
export const columnPageSize = 50;

/**
 * What every screen of a project shows of it: name, columns, labels and people. The board reads
 * it, and every settings mutation answers with it, so Graphcache updates both from one answer.
 */
export const ProjectFrameFields = graphql(`
  fragment ProjectFrameFields on Project @_unmask {
    id
    name
    description
    archived
    viewerRole
    statuses {
      id
      name
      category
      position
    }
    labels {
      id
      name
      color
    }
    members {
      role
      addedAt
      user {
        id
        name
        username
      }
    }
  }
`);

/** The board's frame and the newest event (where its live feed starts). */
export const BoardQuery = graphql(
  `
  query Board($projectId: ID!) {
    project(id: $projectId) {
      ...ProjectFrameFields
      events(last: 1) {
        edges {
          node {
            index
          }
        }
      }
    }
  }
`,
  [ProjectFrameFields],
);

/**
 * One page of one board column, in board order (`after: null` is the first). Graphcache merges
 * a column's pages into one list per `statusId` (relayPagination); live events place cards in
 * the right column's list (board-cache.ts). `first` must stay `columnPageSize`.
 */
export const BoardColumnQuery = graphql(
  `
  query BoardColumn($projectId: ID!, $statusId: ID!, $after: String) {
    project(id: $projectId) {
      id
      tasks(statusId: $statusId, first: 50, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...BoardTaskFields
          }
        }
      }
    }
  }
`,
  [BoardTaskFields],
);

/**
 * One page of the list view in a server order (`after: null` is the first); pages merge per
 * `orderBy` (relayPagination). `first` is the API's largest page.
 */
export const ListTasksPageQuery = graphql(
  `
  query ListTasksPage($projectId: ID!, $orderBy: TaskOrder!, $after: String) {
    project(id: $projectId) {
      id
      tasks(orderBy: $orderBy, first: 100, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...BoardTaskFields
          }
        }
      }
    }
  }
`,
  [BoardTaskFields],
);

/** The project's change feed, with the state of the task each event concerns. */
export const ProjectEventsSubscription = graphql(
  `
  subscription ProjectEvents($projectId: ID!, $after: Int) {
    projectEvents(projectId: $projectId, after: $after) {
      type
      index
      event {
        index
        ordinal
        kind
        entityType
        entityId
        actor {
          id
          name
        }
        task {
          ...BoardTaskFields
          project {
            id
          }
        }
      }
    }
  }
`,
  [BoardTaskFields],
);

export const CreateTaskMutation = graphql(
  `
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      index
      task {
        ...BoardTaskFields
        project {
          id
        }
      }
    }
  }
`,
  [BoardTaskFields],
);

export const MoveTaskMutation = graphql(
  `
  mutation MoveTask($input: MoveTaskInput!) {
    moveTask(input: $input) {
      index
      task {
        ...BoardTaskFields
      }
    }
  }
`,
  [BoardTaskFields],
);

export const UpdateTaskMutation = graphql(
  `
  mutation UpdateTask($input: UpdateTaskInput!) {
    updateTask(input: $input) {
      index
      task {
        ...BoardTaskFields
        description
      }
    }
  }
`,
  [BoardTaskFields],
);

export const DeleteTaskMutation = graphql(`
  mutation DeleteTask($input: DeleteTaskInput!) {
    deleteTask(input: $input) {
      index
    }
  }
`);
