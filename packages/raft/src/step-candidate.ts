import { ProposalDroppedError, ReadIndexRefusedError, TransferRefusedError } from './errors.ts';
import type { RaftState, StepMessage, StepOutcome } from './raft-state.ts';
import { stepFollower } from './step-follower.ts';

/** The (pre-)candidate's step function: count votes, yield to a leader of this term (§5.2). */
export function stepCandidate(raft: RaftState, message: StepMessage): StepOutcome {
  switch (message.type) {
    case 'append':
    case 'heartbeat':
    case 'snapshot':
      // A leader of our term won this election (§5.2): follow it, and take its message as its
      // follower would.
      raft.becomeFollower(message.term, message.from);
      return stepFollower(raft, message);
    // While the election runs no leader is known to take a request (etcd drops MsgProp here).
    case 'propose':
      return { ok: false, error: new ProposalDroppedError('noLeader') };
    case 'readIndex':
      return new ReadIndexRefusedError('noLeader');
    case 'transferLeader':
      return new TransferRefusedError('notLeader');
    case 'voteResponse':
    case 'preVoteResponse': {
      // The other kind is a late answer to the phase this node has left (a pre-vote granted
      // after the real election began, or a vote from a campaign that fell back): not a vote
      // for the ballot now being counted, so it must not be counted in it.
      const expected = raft.role === 'preCandidate' ? 'preVoteResponse' : 'voteResponse';
      if (message.type !== expected) return null;
      const result = raft.poll(message.from, !message.reject);
      if (result === 'won') {
        if (raft.role === 'preCandidate') raft.campaign('election');
        else raft.becomeLeader();
      } else if (result === 'lost') {
        raft.becomeFollower(raft.term, null);
      }
      return null;
    }
    default:
      // TimeoutNow finds us campaigning already; a ReadIndex answer from the old leader is
      // dropped, and its reader retries.
      return null;
  }
}
