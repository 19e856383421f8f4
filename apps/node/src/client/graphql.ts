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
  return dataOf<T>(response);
}

/** `data` of a GraphQL answer, throwing on errors. */
async function dataOf<T>(response: Response): Promise<T> {
  const body = (await response.json()) as { data?: T; errors?: GraphqlError[] };
  if (body.errors?.length)
    throw new GraphqlRequestError(body.errors, body.errors[0]?.extensions?.code);
  if (body.data === undefined) throw new Error(`no data (HTTP ${response.status})`);
  return body.data;
}

/**
 * Posts one GraphQL operation with a file (the GraphQL multipart request spec, as the web app
 * uploads) and returns `data`. The file goes to variable `fileVariable`.
 */
export async function graphqlUpload<T>(
  url: string,
  query: string,
  upload: { variables: Record<string, unknown>; fileVariable: string; file: File },
  options: { token?: string; timeoutMs?: number } = {},
): Promise<T> {
  const form = new FormData();
  const variables = { ...upload.variables, [upload.fileVariable]: null };
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', JSON.stringify({ 0: [`variables.${upload.fileVariable}`] }));
  form.set('0', upload.file);
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      // Yoga's CSRF guard admits multipart requests that carry this header.
      'x-graphql-yoga-csrf': '1',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: form,
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  return dataOf<T>(response);
}
