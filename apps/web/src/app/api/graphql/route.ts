import { forwardRequest } from '../../../server/forward.ts';

/** The board's one GraphQL endpoint: same-origin, forwarded to a healthy cluster node. */
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return forwardRequest(request, '/graphql');
}

export function GET(request: Request): Promise<Response> {
  return forwardRequest(request, `/graphql${new URL(request.url).search}`);
}
