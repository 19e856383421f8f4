import { builder } from '../builder.ts';
import type { ClusterNodeStatus, ClusterStatus } from '../context.ts';

const NodeRole = builder.enumType('NodeRole', {
  description: 'What a member is doing in the Raft protocol.',
  values: {
    LEADER: { value: 'leader' },
    FOLLOWER: { value: 'follower' },
    CANDIDATE: { value: 'candidate' },
    PRE_CANDIDATE: { value: 'preCandidate' },
    LEARNER: { value: 'learner', description: 'Receives the log but does not vote.' },
    UNREACHABLE: { value: 'unreachable', description: 'The answering node cannot reach it.' },
  } as const,
});

const ClusterNode = builder.objectRef<ClusterNodeStatus>('ClusterNode').implement({
  description: 'One member of the Raft cluster.',
  fields: (t) => ({
    id: t.exposeString('id'),
    role: t.field({ type: NodeRole, resolve: (node) => node.role }),
    term: t.exposeInt('term'),
    commitIndex: t.exposeInt('commitIndex', {
      description: 'Highest log index this member knows to be committed.',
    }),
    appliedIndex: t.exposeInt('appliedIndex', {
      description: 'Highest log index applied to this member’s copy of the board.',
    }),
    lag: t.exposeInt('lag', {
      nullable: true,
      description: 'Log entries this member is behind the leader; null when unknown.',
    }),
  }),
});

const Cluster = builder.objectRef<ClusterStatus>('Cluster').implement({
  description: 'The Raft cluster as the answering node sees it.',
  fields: (t) => ({
    leaderId: t.exposeString('leaderId', { nullable: true }),
    term: t.exposeInt('term'),
    nodes: t.field({ type: [ClusterNode], resolve: (cluster) => cluster.nodes }),
  }),
});

builder.queryField('cluster', (t) =>
  t.field({
    type: Cluster,
    description: 'Who leads, and how far each member has applied the log.',
    resolve: (_root, _args, context) => context.cluster.status(),
  }),
);
