/** A GraphQL error as the API reports it. */
export interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

/** Thrown when a GraphQL answer carries errors; `code` is the first error's extensions.code. */
export class GraphqlRequestError extends Error {
  constructor(
    readonly errors: GraphqlError[],
    readonly code: string | undefined,
  ) {
    super(errors.map((error) => `${error.extensions?.code ?? '?'}: ${error.message}`).join('; '));
  }
}

/** Posts one GraphQL operation to a node and returns `data`, throwing on errors. */
export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; timeoutMs?: number } = {},
): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const body = (await response.json()) as { data?: T; errors?: GraphqlError[] };
  if (body.errors?.length)
    throw new GraphqlRequestError(body.errors, body.errors[0]?.extensions?.code);
  if (body.data === undefined) throw new Error(`no data (HTTP ${response.status})`);
  return body.data;
}
