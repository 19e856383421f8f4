import type { Message } from './message.ts';
import type { Raft } from './raft.ts';
import { stepFollower } from './step-follower.ts';

/** The (pre-)candidate's step function: count votes, yield to a leader of this term (§5.2). */
export function stepCandidate(raft: Raft, message: Message): void {
  switch (message.type) {
    case 'append':
    case 'heartbeat':
    case 'snapshot':
      // A leader of our term won this election (§5.2): follow it, and take its message as its
      // follower would.
      raft.becomeFollower(message.term, message.from);
      stepFollower(raft, message);
      return;
    case 'voteResponse':
    case 'preVoteResponse': {
      // The other kind is a late answer to the phase this node has left (a pre-vote granted
      // after the real election began, or a vote from a campaign that fell back): not a vote
      // for the ballot now being counted, so it must not be counted in it.
      const expected = raft.role === 'preCandidate' ? 'preVoteResponse' : 'voteResponse';
      if (message.type !== expected) return;
      const result = raft.poll(message.from, !message.reject);
      if (result === 'won') {
        if (raft.role === 'preCandidate') raft.campaign('election');
        else raft.becomeLeader();
      } else if (result === 'lost') {
        raft.becomeFollower(raft.term, null);
      }
      return;
    }
    default:
      // No leader is known to forward a request to; TimeoutNow finds us campaigning already; a
      // ReadIndex answer from the old leader is dropped, and its reader retries.
      return;
  }
}
