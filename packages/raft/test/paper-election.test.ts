// Goal: leader election behaves as the Raft paper's §5.1–§5.2 and §5.4.1 say it must.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../src/memory-storage.ts';
import { createRandom } from '../src/random.ts';
import { RawNode } from '../src/raw-node.ts';
import { Harness } from './harness.ts';

describe('elections (§5.2)', () => {
  // Reference: §5.2 "If a follower receives no communication over a period of time called the
  // election timeout, then it ... begins an election": increments its term, votes for itself,
  // and issues RequestVote to every other server.
  it('a follower that hears nothing campaigns: new term, self vote, RequestVote to all', () => {
    const storage = new MemoryStorage({ confState: { voters: ['a', 'b', 'c'], learners: [] } });
    const node = new RawNode({ id: 'a', storage, random: createRandom(1), preVote: false });
    for (let i = 0; i < 20 && node.status().role === 'follower'; i++) node.tick();
    const status = node.status();
    expect(status.role).toBe('candidate');
    expect(status.term).toBe(1);
    expect(status.vote).toBe('a');
    const ready = node.ready();
    const votes = ready.messages.filter((m) => m.type === 'vote');
    expect(votes.map((m) => m.to).sort()).toEqual(['b', 'c']);
    expect(ready.hardState).toEqual({ term: 1, vote: 'a', commit: 0 });
  });

  // Reference: §5.2 "Raft uses randomized election timeouts ... chosen randomly from a fixed
  // interval": here [T, 2T) ticks, drawn from the injected seeded generator.
  it('election timeouts are randomized in [T, 2T) and reproducible from the seed', () => {
    const timeoutFor = (seed: number) => {
      const storage = new MemoryStorage({ confState: { voters: ['a', 'b', 'c'], learners: [] } });
      const node = new RawNode({
        ...{ id: 'a', storage, random: createRandom(seed) },
        ...{ preVote: false, electionTimeoutTicks: 10 },
      });
      let ticks = 0;
      while (node.status().role === 'follower') {
        node.tick();
        ticks++;
      }
      return ticks;
    };
    const timeouts = Array.from({ length: 40 }, (_, seed) => timeoutFor(seed));
    for (const t of timeouts) {
      expect(t).toBeGreaterThanOrEqual(10);
      expect(t).toBeLessThan(20);
    }
    expect(new Set(timeouts).size).toBeGreaterThan(3);
    expect(timeoutFor(7)).toBe(timeoutFor(7));
  });

  // Reference: §5.2 "A candidate wins an election if it receives votes from a majority"; §8
  // "each leader commit a blank no-op entry into the log at the start of its term".
  it('a candidate with a majority becomes leader and commits a no-op of its term', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    expect(h.raw('a').status().role).toBe('leader');
    for (const id of ['a', 'b', 'c']) {
      const status = h.raw(id).status();
      expect(status.leaderId).toBe('a');
      expect(status.commit).toBe(1);
      expect(h.node(id).applied).toEqual([{ term: 1, index: 1, type: 'normal', data: '' }]);
    }
  });

  // Reference: §5.2 "each server will vote for at most one candidate in a given term".
  it('a server grants at most one vote per term', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.raw('a').campaign();
    h.raw('c').campaign();
    h.drain();
    const requests = h.queue.filter((m) => m.type === 'vote' && m.to === 'b');
    h.queue = [];
    for (const m of requests) h.deliver(m);
    h.drain();
    const answers = h.queue.filter((m) => m.type === 'voteResponse' && m.from === 'b');
    expect(answers.filter((m) => m.type === 'voteResponse' && !m.reject)).toHaveLength(1);
  });

  // Reference: §5.2 "If the leader's term ... is at least as large as the candidate's current
  // term, then the candidate recognizes the leader as legitimate and returns to follower".
  it('a candidate yields to a leader of its term', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.isolate('c');
    h.raw('c').campaign();
    h.drain();
    expect(h.raw('c').status().role).toBe('candidate');
    const term = h.raw('c').status().term;
    h.heal();
    h.queue = [];
    // c's term is ahead: its vote requests depose a, and someone wins term `term` or later.
    h.tickAll(40);
    const leaders = [...h.nodes.values()].filter((n) => n.raw.status().role === 'leader');
    expect(leaders).toHaveLength(1);
    expect(h.raw('c').status().term).toBeGreaterThanOrEqual(term);
  });

  // Reference: §5.1 "If a server receives a request with a stale term number, it rejects the
  // request"; "if one server's current term is smaller than the other's, then it updates its
  // current term to the larger value ... a leader ... reverts to follower state".
  it('a leader that sees a higher term steps down', () => {
    const h = new Harness(['a', 'b', 'c']);
    h.elect('a');
    h.raw('a').step({ type: 'heartbeat', from: 'b', to: 'a', term: 5, commit: 0, context: null });
    expect(h.raw('a').status()).toMatchObject({ role: 'follower', term: 5, leaderId: 'b' });
  });
});

describe('election restriction (§5.4.1)', () => {
  // Reference: §5.4.1 "the voter denies its vote if its own log is more up-to-date than that of
  // the candidate": later last term wins; with equal terms, the longer log.
  it('a voter rejects a candidate whose log is behind', () => {
    // Without check-quorum, so no leader lease makes the voters ignore the request.
    const h = new Harness(['a', 'b', 'c'], { checkQuorum: false });
    h.elect('a');
    h.isolate('c');
    h.raw('a').propose('x');
    h.deliverAll();
    h.heal();
    // c missed entry 2: its term-2 campaign must fail against a and b.
    h.raw('c').campaign();
    h.drain();
    const responses: boolean[] = [];
    for (const m of h.queue.splice(0)) {
      if (m.type !== 'vote') continue;
      h.deliver(m);
    }
    h.drain();
    for (const m of h.queue) if (m.type === 'voteResponse') responses.push(m.reject);
    expect(responses).toEqual([true, true]);
  });
});

describe('bootstrap', () => {
  it('takes the founding voters from the config when storage has no configuration', () => {
    const storage = new MemoryStorage();
    const node = new RawNode({ id: 'a', storage, random: createRandom(1), voters: ['a'] });
    node.campaign();
    expect(node.status()).toMatchObject({ role: 'leader', confState: { voters: ['a'] } });
  });
});
