// Goal: the cluster query says what the answering node knows of each member and guesses
// nothing: a member it has not heard from shows no term, commit or applied index, instead of
// zeros or its own figures.
import { expect, it } from 'vitest';
import { clusterStatus } from '../src/graphql.ts';
import type { NodeStatus, PeerStatus } from '../src/status.ts';

const peer = (id: string, connected: boolean): PeerStatus => ({
  id,
  voter: true,
  connected,
  address: `127.0.0.1:${id === 'n2' ? 7802 : 7803}`,
  error: connected ? null : 'connect ECONNREFUSED',
  matchIndex: null,
  lag: null,
  state: null,
});

const follower: NodeStatus = {
  id: 'n1',
  role: 'follower',
  term: 3,
  leaderId: 'n2',
  commitIndex: 30,
  appliedIndex: 30,
  lastIndex: 30,
  firstIndex: 1,
  peers: [peer('n2', true), peer('n3', false)],
  noLeaderReason: null,
};

it('reports members it has heard from as they reported, and nothing it has not', () => {
  const n2 = { ...follower, id: 'n2', role: 'leader' as const, commitIndex: 31, appliedIndex: 31 };
  const status = clusterStatus(follower, (id) => (id === 'n2' ? n2 : null));
  expect(status.nodes).toEqual([
    { id: 'n1', role: 'follower', term: 3, commitIndex: 30, appliedIndex: 30, lag: null },
    { id: 'n2', role: 'leader', term: 3, commitIndex: 31, appliedIndex: 31, lag: 0 },
    { id: 'n3', role: 'unreachable', term: null, commitIndex: null, appliedIndex: null, lag: null },
  ]);
  const unheard = clusterStatus(follower, () => null).nodes[1];
  expect(unheard).toEqual({
    id: 'n2',
    role: 'leader',
    term: null,
    commitIndex: null,
    appliedIndex: null,
    lag: null,
  });
});
