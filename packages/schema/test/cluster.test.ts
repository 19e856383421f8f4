// Goal: the cluster query reports what the node's driver knows, through a real Yoga server.
import { createYoga } from 'graphql-yoga';
import { expect, it } from 'vitest';
import type { ClusterStatus, GraphQLContext } from '../src/context.ts';
import { schema } from '../src/schema/index.ts';

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
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    context: () => ({ cluster: { status: () => status } }),
  });
  const response = await yoga.fetch('http://node.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ cluster { leaderId term nodes { id role lag } } }' }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
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
