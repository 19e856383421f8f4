import { builder } from '../builder.ts';
import { ClusterUnavailableError, type GraphQLContext } from '../context.ts';
import { apiError, invalidInput } from '../errors.ts';

/** How fresh a read must be. */
export const ReadConsistency = builder.enumType('ReadConsistency', {
  description: [
    'How fresh a query must be. Every query field takes `consistency` and `minIndex`.',
    '- LOCAL (default): read this node’s copy, which may trail the leader by a few entries.',
    '- LINEARIZABLE: the node confirms with the leader (ReadIndex) and waits until it has',
    '  applied every change committed before the query arrived.',
    'For read-your-writes on any node, pass `minIndex: <index>` from a mutation payload or an',
    'event instead: the node waits until it has applied that log index.',
  ].join('\n'),
  values: {
    LOCAL: {
      value: 'local',
      description: 'This node’s applied state, possibly a few entries behind (fastest).',
    },
    LINEARIZABLE: {
      value: 'linearizable',
      description: 'Every change committed before the query arrived, on whichever node answers.',
    },
  } as const,
});

/** Consistency arguments as a query field receives them. */
export interface ConsistencyArgs {
  consistency?: 'local' | 'linearizable' | null | undefined;
  minIndex?: number | null | undefined;
}

/** `consistency` and `minIndex`: spread into the args of every query field. */
export const consistencyArgs = builder.args((t) => ({
  consistency: t.field({
    type: ReadConsistency,
    required: false,
    description: [
      'LINEARIZABLE for a read that sees every committed change; default LOCAL. UNAVAILABLE',
      'when the cluster cannot confirm its state (no leader).',
    ].join(' '),
  }),
  minIndex: t.int({
    required: false,
    description: [
      'Wait until this node has applied at least this log index (read-your-writes): the `index`',
      'of a mutation payload or of an event. At least 0; UNAVAILABLE when the node cannot catch',
      'up in time.',
    ].join(' '),
  }),
}));

/** Waits until local state satisfies the arguments; UNAVAILABLE when the cluster cannot. */
export async function fence(context: GraphQLContext, args: ConsistencyArgs): Promise<void> {
  const linearizable = args.consistency === 'linearizable';
  const minIndex = args.minIndex ?? undefined;
  if (!linearizable && minIndex === undefined) return;
  if (minIndex !== undefined && minIndex < 0) throw invalidInput('minIndex must be >= 0');
  try {
    await context.readFence({ linearizable, ...(minIndex === undefined ? {} : { minIndex }) });
  } catch (error) {
    if (error instanceof ClusterUnavailableError) {
      throw apiError('UNAVAILABLE', 'the cluster cannot serve this read right now');
    }
    throw error;
  }
}
