// Goal: the web server sends a browser to the node it asked for, else always to the same node
// while that node is up (so its reads never go back in time), spreads browsers over the nodes,
// and moves on to the next node when one refuses the connection.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterNode, forwardToCluster, nodeOrder } from '../src/server/node-pool.ts';

const nodes: ClusterNode[] = [1, 2, 3].map((i) => ({ id: `n${i}`, url: `http://n${i}.test` }));
const ids = (order: ClusterNode[]) => order.map((node) => node.id);

describe('nodeOrder', () => {
  it('puts the preferred node first and keeps every node in the list', () => {
    const order = ids(nodeOrder(nodes, 'n2', 'session-a'));
    expect(order[0]).toBe('n2');
    expect([...order].sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('sends one browser to the same node every time, and spreads browsers', () => {
    const first = ids(nodeOrder(nodes, null, 'session-a'));
    for (let i = 0; i < 5; i++) expect(ids(nodeOrder(nodes, null, 'session-a'))).toEqual(first);
    const usual = new Set(
      Array.from({ length: 30 }, (_, i) => ids(nodeOrder(nodes, null, `session-${i}`))[0]),
    );
    expect(usual.size).toBe(3);
  });
});

describe('forwardToCluster', () => {
  let live: Server;
  let liveUrl = '';
  let previous: string | undefined;

  beforeAll(async () => {
    live = createServer((_request, response) => response.end('from the live node'));
    await new Promise<void>((resolve) => live.listen(0, '127.0.0.1', resolve));
    liveUrl = `http://127.0.0.1:${(live.address() as AddressInfo).port}`;
    previous = process.env.RAFTBOARD_NODES;
  });

  afterAll(async () => {
    if (previous === undefined) delete process.env.RAFTBOARD_NODES;
    else process.env.RAFTBOARD_NODES = previous;
    await new Promise((resolve) => live.close(resolve));
  });

  it('moves on from a node that refuses the connection, then tries it last', async () => {
    // Port 1 on loopback refuses at once: a dead node.
    process.env.RAFTBOARD_NODES = `http://127.0.0.1:1,${liveUrl}`;
    const request = () => ({
      path: '/',
      method: 'GET',
      headers: new Headers(),
      body: null,
      signal: new AbortController().signal,
    });
    const { response, node } = await forwardToCluster(request(), {
      preferredId: 'n1',
      affinityKey: '',
    });
    expect(node.id).toBe('n2');
    expect(await response.text()).toBe('from the live node');
    const [first] = nodeOrder(
      [
        { id: 'n1', url: 'http://127.0.0.1:1' },
        { id: 'n2', url: liveUrl },
      ],
      'n1',
    );
    expect(first?.id).toBe('n2');
  });
});
