import type { NodeId } from '../types.ts';

/** The smallest number of voters that forms a majority of `voterCount`. */
export function quorumSize(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/**
 * The highest index replicated on a majority of `voters`, given each voter's match index (§5.3).
 * Contract: `voters` is not empty. Pure arithmetic: whether the entry may be committed (its term
 * is the leader's, §5.4.2) is the caller's decision.
 */
export function committedIndex(voters: Iterable<NodeId>, matchOf: (id: NodeId) => number): number {
  const matches: number[] = [];
  for (const id of voters) matches.push(matchOf(id));
  if (matches.length === 0) return 0;
  matches.sort((a, b) => b - a);
  return matches[quorumSize(matches.length) - 1] ?? 0;
}

/** Where an election stands. */
export type VoteResult = 'won' | 'lost' | 'pending';

/**
 * Counts `votes` (granted or rejected) among `voters`; votes from non-voters are ignored.
 * Won once a majority granted, lost once a majority can no longer be reached (§5.2).
 */
export function voteResult(
  voters: Iterable<NodeId>,
  votes: ReadonlyMap<NodeId, boolean>,
): VoteResult {
  let total = 0;
  let granted = 0;
  let rejected = 0;
  for (const id of voters) {
    total++;
    const vote = votes.get(id);
    if (vote === true) granted++;
    else if (vote === false) rejected++;
  }
  const quorum = quorumSize(total);
  if (granted >= quorum) return 'won';
  if (total - rejected < quorum) return 'lost';
  return 'pending';
}
