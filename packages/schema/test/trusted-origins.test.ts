// Goal: only the configured trusted origins get a CORS grant (answers, preflights, downloads) or
// a GraphQL WebSocket, so no other site can use a visitor's session cookie against the node.
import { makeServer } from 'graphql-ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveAttachmentDownload } from '../src/attachments/download.ts';
import { sessionCookieName } from '../src/auth/tokens.ts';
import { graphqlWsOptions } from '../src/graphql-ws.ts';
import { type LooseData, signUp, startTestServer, type TestServer } from '../src/testing/client.ts';
import { isExactOrigin, trustedOriginsFrom } from '../src/trusted-origins.ts';
import { createRaftboardYoga } from '../src/yoga.ts';

const trusted = 'http://127.0.0.1:3000';
const untrusted = 'https://evil.example';

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer('schema_origins', { trustedOrigins: [trusted] });
  cookie = `${sessionCookieName}=${(await signUp(server, 'Cookie')).token}`;
});
afterAll(() => server.close());

/** `{ me { name } }` with the session cookie, as a page of `origin` would send it. */
function askWithCookie(yoga: TestServer['yoga'], origin: string) {
  return yoga.fetch('http://node.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin },
    body: JSON.stringify({ query: '{ me { name } }' }),
  });
}

function preflight(yoga: TestServer['yoga'], origin: string) {
  return yoga.fetch('http://node.test/graphql', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
}

/** Every `access-control-*` header of a response. */
function corsOf(response: Response): Record<string, string> {
  return Object.fromEntries(
    [...response.headers].filter(([name]) => name.startsWith('access-control-')),
  );
}

it('grants a trusted origin CORS with credentials, and no other origin anything', async () => {
  const granted = await askWithCookie(server.yoga, trusted);
  expect(corsOf(granted)).toMatchObject({
    'access-control-allow-origin': trusted,
    'access-control-allow-credentials': 'true',
  });
  expect(granted.headers.get('vary')).toMatch(/\bOrigin\b/);
  expect(((await granted.json()) as LooseData).data.me.name).toBe('Cookie');

  const refused = await askWithCookie(server.yoga, untrusted);
  expect(corsOf(refused)).toEqual({});
  expect(refused.headers.get('vary')).toMatch(/\bOrigin\b/);
});

it('answers preflights with a grant for trusted origins only', async () => {
  const granted = await preflight(server.yoga, trusted);
  expect(corsOf(granted)).toMatchObject({
    'access-control-allow-origin': trusted,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'content-type',
  });
  expect(corsOf(await preflight(server.yoga, untrusted))).toEqual({});
});

it('grants no origin at all by default', async () => {
  const { yoga } = createRaftboardYoga({ node: server.node, production: false });
  expect(corsOf(await askWithCookie(yoga, trusted))).toEqual({});
  expect(corsOf(await preflight(yoga, trusted))).toEqual({});
});

it('refuses an origin that is not exactly scheme://host[:port]', () => {
  for (const origin of ['*', 'null', 'http://a.example/', 'HTTP://A.example', 'ftp://a.example']) {
    expect(isExactOrigin(origin)).toBe(false);
  }
  expect(isExactOrigin('https://board.example.com:8443')).toBe(true);
  expect(() => trustedOriginsFrom(['http://127.0.0.1:3000/'])).toThrow(/scheme:\/\/host/);
  expect(() => createRaftboardYoga({ node: server.node, trustedOrigins: ['*'] })).toThrow();
});

it('grants attachment downloads to trusted origins only', async () => {
  const download = (origin: string) =>
    serveAttachmentDownload(
      server.node,
      new Request('http://node.test/attachments/x', { headers: { origin, cookie } }),
      'x',
      server.trustedOrigins,
    );
  const granted = await download(trusted);
  expect(granted.status).toBe(404);
  expect(corsOf(granted)).toEqual({
    'access-control-allow-origin': trusted,
    'access-control-allow-credentials': 'true',
  });
  expect(corsOf(await download(untrusted))).toEqual({});
});

/** Opens a graphql-ws connection whose upgrade request carried `headers`; says how it ended. */
async function connectWith(headers: Record<string, string>) {
  const closes: (number | undefined)[] = [];
  const acks: unknown[] = [];
  let deliver: (data: string) => Promise<void> = async () => undefined;
  const closed = makeServer(graphqlWsOptions(server)).opened(
    {
      protocol: 'graphql-transport-ws',
      send: (data) => {
        acks.push(JSON.parse(data));
      },
      close: (code) => {
        closes.push(code);
      },
      onMessage: (callback) => {
        deliver = callback;
      },
    },
    { request: { headers: { cookie, ...headers } } },
  );
  await deliver(JSON.stringify({ type: 'connection_init' }));
  await closed(1000, 'done');
  return { acked: acks.length > 0, closes };
}

it('refuses a WebSocket from an untrusted origin, and accepts trusted, own and no origin', async () => {
  expect(await connectWith({ origin: untrusted, host: 'node.test' })).toEqual({
    acked: false,
    closes: [4403],
  });
  for (const headers of [
    { origin: trusted, host: 'node.test' },
    { origin: 'http://node.test', host: 'node.test' },
    { host: 'node.test' },
  ]) {
    expect((await connectWith(headers)).acked).toBe(true);
  }
});
