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
