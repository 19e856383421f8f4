// Goal: the graphql-ws options the node mounts run the same schema, limits and authentication
// as HTTP (token from connectionParams), including subscriptions and UNAVAILABLE on no leader.
import { makeServer } from 'graphql-ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { graphqlWsOptions } from '../src/graphql-ws.ts';
import { type LooseData, signUp, startTestServer, type TestServer } from '../src/testing/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('schema_ws');
});
afterAll(() => server.close());

/** A fake socket speaking graphql-transport-ws to an in-process graphql-ws server. */
function connect(connectionParams: Record<string, unknown>) {
  const wsServer = makeServer(graphqlWsOptions(server));
  const received: LooseData[] = [];
  const waiters: (() => void)[] = [];
  let deliver: (data: string) => Promise<void> = async () => undefined;
  const closed = wsServer.opened(
    {
      protocol: 'graphql-transport-ws',
      send: (data) => {
        received.push(JSON.parse(data));
        for (const wake of waiters.splice(0)) wake();
      },
      close: (code, reason) => {
        received.push({ type: 'closed', code, reason });
      },
      onMessage: (callback) => {
        deliver = callback;
      },
    },
    { request: { headers: {} } },
  );
  const next = async (type: string): Promise<LooseData> => {
    for (let waited = 0; waited < 50; waited++) {
      const index = received.findIndex((message) => message.type === type);
      if (index >= 0) return received.splice(index, 1)[0] as LooseData;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    throw new Error(`no ${type} message; got ${JSON.stringify(received)}`);
  };
  return {
    /** Sends without waiting: graphql-ws handles a subscription until it completes. */
    send: (message: unknown) => {
      deliver(JSON.stringify(message)).catch((error) =>
        received.push({ type: 'thrown', error: String(error) }),
      );
    },
    next,
    close: () => closed(1000, 'done'),
    init: async () => {
      await deliver(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
      return next('connection_ack');
    },
  };
}

it('authenticates from connectionParams and answers queries and subscriptions', async () => {
  const user = await signUp(server, 'Socket');
  const socket = connect({ authorization: `Bearer ${user.token}` });
  await socket.init();
  socket.send({ id: '1', type: 'subscribe', payload: { query: '{ me { name } }' } });
  expect((await socket.next('next')).payload).toEqual({ data: { me: { name: 'Socket' } } });
  socket.send({
    id: '2',
    type: 'subscribe',
    payload: { query: 'subscription { clusterChanged { leaderId } }' },
  });
  expect((await socket.next('next')).payload).toEqual({
    data: { clusterChanged: { leaderId: 'local' } },
  });
  socket.send({ id: '2', type: 'complete' });
  await socket.close();
});

it('applies the same limits and reports UNAVAILABLE without a leader', async () => {
  const user = await signUp(server, 'Limited');
  const socket = connect({ authorization: `Bearer ${user.token}` });
  await socket.init();
  const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: cluster { term }`).join(' ');
  socket.send({ id: '1', type: 'subscribe', payload: { query: `{ ${aliases} }` } });
  expect(JSON.stringify((await socket.next('error')).payload)).toMatch(/alias/i);
  server.node.available = false;
  try {
    socket.send({
      id: '2',
      type: 'subscribe',
      payload: { query: 'mutation { createProject(input: { name: "x" }) { success } }' },
    });
    const result = (await socket.next('next')).payload;
    expect(result.errors[0].extensions.code).toBe('UNAVAILABLE');
  } finally {
    server.node.available = true;
  }
  await socket.close();
});
