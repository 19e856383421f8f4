// Goal: the cluster query reports what the node's driver knows, through the real Yoga server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClusterStatus } from '../src/context.ts';
import { startTestServer, type TestServer } from '../src/testing/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('schema_cluster');
});
afterAll(() => server.close());

it('answers the cluster query from the context the node provides', async () => {
  const status: ClusterStatus = {
    leaderId: 'n2',
    term: 7,
    nodes: [
      { id: 'n1', role: 'follower', term: 7, commitIndex: 40, appliedIndex: 39, lag: 2 },
      { id: 'n2', role: 'leader', term: 7, commitIndex: 42, appliedIndex: 42, lag: 0 },
      { id: 'n3', role: 'unreachable', term: 6, commitIndex: 30, appliedIndex: 30, lag: null },
    ],
  };
  server.node.cluster = { status: () => status };
  const response = await server.gql('{ cluster { leaderId term nodes { id role lag } } }');
  expect(response).toEqual({
    data: {
      cluster: {
        leaderId: 'n2',
        term: 7,
        nodes: [
          { id: 'n1', role: 'FOLLOWER', lag: 2 },
          { id: 'n2', role: 'LEADER', lag: 0 },
          { id: 'n3', role: 'UNREACHABLE', lag: null },
        ],
      },
    },
  });
});
