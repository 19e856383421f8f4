import { type CommandOutcome, requestIdRefusal } from '@raftboard/db/apply';
import { type CommandInput, type CommandType, safeParseCommand } from '@raftboard/db/commands';
import { processedOutcome } from '@raftboard/db/queries/requests';
import { uuidv7 } from '@raftboard/uuidv7';
import { requireViewer } from '../auth/access.ts';
import { ClusterUnavailableError, type GraphQLContext } from '../context.ts';
import { apiError, type ErrorCode, invalidInput } from '../errors.ts';

/** Bound on the validation issues echoed back for one command. */
export const validationIssuesMax = 20;

/**
 * A committed write: the log index that carried it and what apply returned. For a replayed
 * requestId both are the FIRST attempt's, so resolvers read ids from here, not their own.
 */
export interface Committed {
  index: number;
  result: Record<string, unknown>;
  /** The string `result[key]`; CONFLICT when the requestId belonged to another operation. */
  id(key: string): string;
}

const rejectionCodes: Record<string, ErrorCode> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  ALREADY_EXISTS: 'CONFLICT',
  INVALID: 'BAD_USER_INPUT',
  INVALID_COMMAND: 'BAD_USER_INPUT',
  TOO_LARGE: 'BAD_USER_INPUT',
  REQUEST_ID_OUT_OF_WINDOW: 'BAD_USER_INPUT',
};

/**
 * The request id to propose with: the client's, or a fresh UUIDv7 made now. A client's id that
 * apply would refuse (not a UUIDv7, made more than the window ago, dated ahead of the cluster)
 * is refused here first with BAD_USER_INPUT, measured by this node's clock, which is also the
 * `at` it would propose with; apply still decides, by replicated time.
 */
export function requestIdFor(context: GraphQLContext, requestId: string | null | undefined) {
  const now = context.now();
  if (requestId === null || requestId === undefined) return uuidv7(now);
  const refusal = requestIdRefusal(requestId, { nowMs: now.getTime(), forgottenBeforeMs: 0 });
  if (refusal !== null) throw invalidInput(refusal);
  return requestId;
}

/**
 * Validates and proposes one command, waits for this node to apply it, and returns the
 * outcome. Expected failures become GraphQLErrors: BAD_USER_INPUT (validation, domain rule),
 * NOT_FOUND, FORBIDDEN, CONFLICT (stale version, taken name), UNAVAILABLE (no leader, timeout).
 * `actor` defaults to the viewer, who must hold the write scope.
 */
export async function propose<Type extends CommandType>(
  context: GraphQLContext,
  command: {
    type: Type;
    payload: unknown;
    requestId?: string | null | undefined;
    actor?: string;
  },
): Promise<Committed> {
  const actor = command.actor ?? requireViewer(context.viewer, 'write').userId;
  const input = {
    type: command.type,
    payload: command.payload,
    actor,
    requestId: requestIdFor(context, command.requestId),
    at: context.now().getTime(),
  };
  const parsed = safeParseCommand(input);
  if (!parsed.ok) {
    const issues = parsed.error.issues.slice(0, validationIssuesMax).map((issue) => ({
      path: issue.path.filter((key) => key !== 'payload').join('.'),
      message: issue.message,
    }));
    const summary = issues.map((issue) => `${issue.path || 'input'}: ${issue.message}`);
    throw invalidInput(`invalid input: ${summary.join('; ')}`, { issues });
  }
  let proposed: Awaited<ReturnType<GraphQLContext['propose']>>;
  try {
    proposed = await context.propose(input as CommandInput);
  } catch (error) {
    if (error instanceof ClusterUnavailableError) {
      throw apiError(
        'UNAVAILABLE',
        'the cluster cannot commit right now; retry with the same requestId',
      );
    }
    throw error;
  } finally {
    context.access.forget();
  }
  return committedFrom(proposed.outcome);
}

/** The first outcome as a `Committed`, or the GraphQL error its rejection maps to. */
function committedFrom(outcome: CommandOutcome): Committed {
  if (!outcome.ok) {
    const code = rejectionCodes[outcome.code] ?? 'BAD_USER_INPUT';
    throw apiError(code, outcome.message, { index: outcome.index });
  }
  const result = outcome.result;
  return {
    index: outcome.index,
    result,
    id(key) {
      const value = result[key];
      // A requestId reused for another kind of operation replays that operation's outcome.
      if (typeof value !== 'string') {
        throw apiError('CONFLICT', 'this requestId was already used for another operation');
      }
      return value;
    },
  };
}

/**
 * Exactly-once before the pre-checks: when this node already applied (viewer, requestId),
 * returns that first outcome (or throws its error), so a retry is not refused by checks that
 * the first attempt itself invalidated (the task it deleted, the version it bumped). Null when
 * there is no requestId or it is not applied here yet (then apply dedupes the proposal).
 */
export async function replayed(
  context: GraphQLContext,
  requestId: string | null | undefined,
): Promise<Committed | null> {
  if (requestId == null || context.viewer === null) return null;
  // Refused before the lookup, as apply refuses it: an old id's row may be gone already.
  requestIdFor(context, requestId);
  const outcome = await processedOutcome(context.db, context.viewer.userId, requestId);
  return outcome ? committedFrom(outcome) : null;
}

/**
 * Runs `attempt` (pre-checks + propose) unless this node already applied (viewer, requestId):
 * then the first outcome is returned without re-running checks the first attempt invalidated.
 */
export async function once(
  context: GraphQLContext,
  requestId: string | null | undefined,
  attempt: () => Promise<Committed>,
): Promise<Committed> {
  return (await replayed(context, requestId)) ?? attempt();
}
