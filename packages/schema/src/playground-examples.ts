import { uuidv7 } from '@raftboard/uuidv7';
import type { GraphiQLOptions } from 'graphql-yoga';
import { sessionLifetimeMs } from './auth/tokens.ts';

const sessionLifetimeDays = sessionLifetimeMs / (24 * 60 * 60 * 1000);

/** The operations GraphiQL opens on, in the order a newcomer runs them. */
export const playgroundOperationNames = ['SignUp', 'CreateBoard', 'CreateTask', 'ReadBoard'];

/**
 * The document GraphiQL opens on: Raftboard's own first steps, runnable as written against a
 * fresh node (test/playground.test.ts runs them), with the comment that explains the token.
 * `requestId` is CreateBoard's: a UUIDv7 made when the page is served, since a fixed one would
 * be older than the cluster's request id window and refused.
 */
function playgroundDocument(requestId: string): string {
  return `# Raftboard API playground: press ▶ and pick an
# operation. Run them top to bottom.
#
# 1. SignUp creates an account and answers a session
#    \`token\` (change the email if it is taken; an
#    existing account uses signIn instead).
# 2. Every other operation needs the HTTP header
#        Authorization: Bearer <token>
#    Paste the token into the Headers tab below, in
#    place of the placeholder. It is the \`token\` of
#    signUp or signIn (a session, ${sessionLifetimeDays} days), or a
#    personal API token from createApiToken (READ and
#    WRITE scopes) for scripts.
# 3. CreateBoard makes a project with the default
#    columns. Copy \`project.id\` into the Variables tab
#    as "projectId". Its \`requestId\` (made when
#    this page loaded) makes it exactly-once: run it
#    twice, get one project.
# 4. CreateTask adds a card to the Todo column;
#    ReadBoard reads the columns and the cards.
#
# The Docs panel describes every type, field and
# argument.

mutation SignUp {
  signUp(
    input: {
      email: "ada@example.com"
      password: "correct horse battery"
      name: "Ada"
    }
  ) {
    token
    user {
      id
      username
    }
  }
}

mutation CreateBoard {
  createProject(
    input: { name: "Launch", requestId: "${requestId}" }
  ) {
    index
    project {
      id
      name
    }
  }
}

mutation CreateTask($projectId: ID!) {
  createTask(
    input: {
      projectId: $projectId
      title: "Write the announcement"
      priority: HIGH
    }
  ) {
    index
    task {
      id
      title
      version
      status {
        name
      }
    }
  }
}

query ReadBoard($projectId: ID!) {
  project(id: $projectId, consistency: LINEARIZABLE) {
    name
    statuses {
      id
      name
      category
    }
    tasks(first: 50) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          priority
          version
          status {
            name
          }
          assignees {
            name
          }
        }
      }
    }
  }
}
`;
}

/** The Headers tab as it opens: an example to edit (the placeholder reads as anonymous). */
export const playgroundHeaders = JSON.stringify(
  { Authorization: 'Bearer <token from SignUp>' },
  null,
  2,
);

/** The Variables tab as it opens. */
export const playgroundVariables = JSON.stringify(
  { projectId: '<project.id from CreateBoard>' },
  null,
  2,
);

/**
 * GraphiQL's options, made for each page served: Raftboard's title and examples instead of
 * Yoga's welcome text, with the Headers and Variables tabs filled in as editable examples.
 * `variables` is not in Yoga's `GraphiQLOptions` type, but its GraphiQL page reads it as the
 * initial variables (checked by looking at the page in Chromium; without it the Variables tab
 * opens empty, which still works).
 */
export function playgroundOptions(): GraphiQLOptions & { variables: string } {
  return {
    title: 'Raftboard API',
    defaultQuery: playgroundDocument(uuidv7()),
    headers: playgroundHeaders,
    variables: playgroundVariables,
  };
}
