/** The API's limit on one attachment (packages/schema: 1 MiB per multipart request). */
export const attachmentBytesMax = 1_048_576;

/** What the API answers to a GraphQL request. */
export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * The body of a GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-
 * spec) carrying one file as `variables.file`: `operations`, then `map`, then the file part.
 */
export function uploadFormData(options: {
  query: string;
  variables: Record<string, unknown>;
  file: Blob;
  fileName: string;
}): FormData {
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({ query: options.query, variables: { ...options.variables, file: null } }),
  );
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', options.file, options.fileName);
  return form;
}

/**
 * Posts a multipart GraphQL request with XMLHttpRequest, the one browser API that reports upload
 * progress. Resolves with the parsed answer (GraphQL errors included); rejects only when there
 * is no answer to parse (network failure, abort, a non-JSON body).
 */
export function postMultipart<Data>(options: {
  url: string;
  form: FormData;
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}): Promise<GraphQLResponse<Data>> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', options.url);
    // Yoga's CSRF guard: a multipart request must carry a header a plain form cannot send.
    request.setRequestHeader('x-graphql-yoga-csrf', '1');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      try {
        resolve(JSON.parse(request.responseText) as GraphQLResponse<Data>);
      } catch {
        reject(new Error(`The upload failed (HTTP ${request.status}).`));
      }
    };
    request.onerror = () => reject(new Error('The upload could not reach the server.'));
    request.onabort = () => reject(new Error('The upload was cancelled.'));
    options.signal?.addEventListener('abort', () => request.abort());
    request.send(options.form);
  });
}

/**
 * Where the browser downloads an attachment: the API's `downloadUrl` (`/attachments/<id>` on a
 * node) through the web server's same-origin forwarder, `/api/attachments/<id>`.
 */
export function attachmentHref(attachment: { id: string; downloadUrl: string }): string {
  const match = /^\/attachments\/([^/?#]+)$/.exec(attachment.downloadUrl);
  return `/api/attachments/${match?.[1] ?? encodeURIComponent(attachment.id)}`;
}
