import { graphql, type ResultOf } from '../../graphql/index.ts';

/** What the token list shows of a token. */
export const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken @_unmask {
    id
    name
    scopes
    createdAt
    expiresAt
    revokedAt
  }
`);

export type ApiToken = ResultOf<typeof ApiTokenFields>;
export type TokenScope = ApiToken['scopes'][number];

/** Your tokens, newest first; `minIndex` reads a token you just created or revoked. */
export const ApiTokensQuery = graphql(
  `
  query ApiTokens($minIndex: Int) {
    apiTokens(minIndex: $minIndex) {
      ...ApiTokenFields
    }
  }
`,
  [ApiTokenFields],
);

/** Answers with the secret, once. */
export const CreateApiTokenMutation = graphql(
  `
  mutation CreateApiToken(
    $name: String!
    $scopes: [TokenScope!]!
    $expiresAt: DateTime
    $requestId: String
  ) {
    createApiToken(name: $name, scopes: $scopes, expiresAt: $expiresAt, requestId: $requestId) {
      index
      token
      apiToken {
        ...ApiTokenFields
      }
    }
  }
`,
  [ApiTokenFields],
);

export const RevokeApiTokenMutation = graphql(
  `
  mutation RevokeApiToken($id: ID!, $requestId: String) {
    revokeApiToken(id: $id, requestId: $requestId) {
      index
      apiToken {
        ...ApiTokenFields
      }
    }
  }
`,
  [ApiTokenFields],
);

/** What the calendar screen shows of a feed (never its token: that is shown once). */
export const CalendarFeedFields = graphql(`
  fragment CalendarFeedFields on CalendarFeed @_unmask {
    id
    kind
    createdAt
    revokedAt
    project {
      id
      name
    }
  }
`);

export type CalendarFeed = ResultOf<typeof CalendarFeedFields>;

/**
 * Your working feeds, oldest first, and the projects a new one may show; `minIndex` reads a feed
 * you just created or revoked, on any node.
 */
export const CalendarFeedsQuery = graphql(
  `
  query CalendarFeeds($minIndex: Int) {
    calendarFeeds(minIndex: $minIndex) {
      ...CalendarFeedFields
    }
    projects {
      id
      name
    }
  }
`,
  [CalendarFeedFields],
);

/** Answers with the feed's secret token and its path, once. */
export const CreateCalendarFeedMutation = graphql(
  `
  mutation CreateCalendarFeed($projectId: ID, $requestId: String) {
    createCalendarFeed(projectId: $projectId, requestId: $requestId) {
      index
      token
      path
      calendarFeed {
        ...CalendarFeedFields
      }
    }
  }
`,
  [CalendarFeedFields],
);

/** Every node answers 404 for the feed's URL from the moment it applies this. */
export const RevokeCalendarFeedMutation = graphql(
  `
  mutation RevokeCalendarFeed($id: ID!, $requestId: String) {
    revokeCalendarFeed(id: $id, requestId: $requestId) {
      index
      calendarFeed {
        ...CalendarFeedFields
      }
    }
  }
`,
  [CalendarFeedFields],
);
