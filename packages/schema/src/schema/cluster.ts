import { builder } from '../builder.ts';
import type { ClusterNodeStatus, ClusterStatus, GraphQLContext } from '../context.ts';

const NodeRole = builder.enumType('NodeRole', {
  description: 'What a member is doing in the Raft protocol.',
  values: {
    LEADER: { value: 'leader', description: 'Orders and commits every write of its term.' },
    FOLLOWER: { value: 'follower', description: 'Replicates the leader’s log and votes.' },
    CANDIDATE: { value: 'candidate', description: 'Asking for votes to become leader.' },
    PRE_CANDIDATE: {
      value: 'preCandidate',
      description: 'Checking it could win an election before starting one (pre-vote).',
    },
    LEARNER: { value: 'learner', description: 'Receives the log but does not vote.' },
    UNREACHABLE: { value: 'unreachable', description: 'The answering node cannot reach it.' },
  } as const,
});

const ClusterNode = builder.objectRef<ClusterNodeStatus>('ClusterNode').implement({
  description: 'One member of the Raft cluster.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The member’s node id, e.g. `n1`.' }),
    role: t.field({
      type: NodeRole,
      description: 'Its role as the answering node last heard.',
      resolve: (node) => node.role,
    }),
    term: t.exposeInt('term', {
      nullable: true,
      description: 'The Raft term it is in, as last heard; null when not heard from yet.',
    }),
    commitIndex: t.exposeInt('commitIndex', {
      nullable: true,
      description:
        'Highest log index this member knows to be committed; null when not heard from yet.',
    }),
    appliedIndex: t.exposeInt('appliedIndex', {
      nullable: true,
      description:
        'Highest log index applied to this member’s copy of the board; null when not heard from yet.',
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
    leaderId: t.exposeString('leaderId', {
      nullable: true,
      description: 'Node id of the current leader; null while there is none (an election).',
    }),
    term: t.exposeInt('term', { description: 'The answering node’s current Raft term.' }),
    nodes: t.field({
      type: [ClusterNode],
      description: 'Every member, the answering node included.',
      resolve: (cluster) => cluster.nodes,
    }),
  }),
});

builder.queryField('cluster', (t) =>
  t.field({
    type: Cluster,
    description: [
      'Who leads, and how far each member has applied the log, as the answering node sees it.',
      'Needs no token.',
    ].join(' '),
    resolve: (_root, _args, context) => context.cluster.status(),
  }),
);

/** How often `clusterChanged` looks at the node's view of the cluster. */
export const clusterPollIntervalMs = 500;

async function* clusterChanges(
  context: GraphQLContext,
  signal: AbortSignal,
): AsyncGenerator<ClusterStatus> {
  let last = '';
  while (!signal.aborted) {
    const status = context.cluster.status();
    const shape = JSON.stringify({
      leaderId: status.leaderId,
      term: status.term,
      nodes: status.nodes.map((node) => [node.id, node.role]),
    });
    if (shape !== last) {
      last = shape;
      yield status;
    }
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, clusterPollIntervalMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }
}

builder.subscriptionField('clusterChanged', (t) =>
  t.field({
    type: Cluster,
    description: [
      'The cluster now, then again whenever the leader, the term or a member’s role changes',
      `(checked every ${clusterPollIntervalMs} ms). Needs no token.`,
    ].join(' '),
    subscribe: (_root, _args, context) => {
      const abort = new AbortController();
      const generator = clusterChanges(context, abort.signal);
      return {
        [Symbol.asyncIterator]: () => ({
          next: () => generator.next(),
          return: async () => {
            abort.abort();
            await generator.return(undefined);
            return { done: true as const, value: undefined };
          },
        }),
      };
    },
    resolve: (status) => status as ClusterStatus,
  }),
);
