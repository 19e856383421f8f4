// Goal: parseMessage accepts every message the core sends and rejects garbage without throwing.
import { describe, expect, it } from 'vitest';
import { type Message, parseMessage } from '../src/message.ts';
import { createRandom, type Random, randomInt } from '../src/random.ts';

const header = { from: 'n1', to: 'n2', term: 3 };
const entry = { term: 3, index: 5, type: 'normal' as const, data: 'x' };
const samples: Message[] = [
  { ...header, type: 'vote', lastLogIndex: 4, lastLogTerm: 2, force: false },
  { ...header, type: 'preVote', lastLogIndex: 4, lastLogTerm: 2, force: true },
  { ...header, type: 'voteResponse', reject: true },
  { ...header, type: 'preVoteResponse', reject: false },
  { ...header, type: 'append', prevLogIndex: 4, prevLogTerm: 2, entries: [entry], commit: 3 },
  { ...header, type: 'appendResponse', index: 4, reject: true, hintIndex: 3, hintTerm: 2 },
  { ...header, type: 'heartbeat', commit: 3, context: null },
  { ...header, type: 'heartbeatResponse', context: 'ctx' },
  {
    ...header,
    type: 'snapshot',
    metadata: { index: 9, term: 2, confState: { voters: ['n1'], learners: ['n2'] } },
    ...{ offset: 0, data: 'abc', done: false },
  },
  { ...header, type: 'snapshotResponse', index: 9, offset: 3 },
  { ...header, type: 'timeoutNow' },
  { ...header, term: 0, type: 'propose', entries: [{ type: 'confChange', data: '{}' }] },
  { ...header, term: 0, type: 'readIndex', context: 'r' },
  { ...header, type: 'readIndexResponse', index: 7, context: 'r' },
];

describe('parseMessage', () => {
  it('round-trips every message type through JSON', () => {
    for (const message of samples) {
      expect(parseMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
    }
  });

  it('strips unknown fields', () => {
    const parsed = parseMessage({ ...header, type: 'timeoutNow', evil: 1 });
    expect(parsed).toEqual({ ...header, type: 'timeoutNow' });
  });

  it('rejects malformed frames', () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'vote',
      [],
      {},
      { ...header, type: 'nope' },
      { ...header, type: 'vote' },
      { ...header, term: -1, type: 'timeoutNow' },
      { ...header, term: 1.5, type: 'timeoutNow' },
      { ...header, term: Number.NaN, type: 'timeoutNow' },
      { ...header, from: '', type: 'timeoutNow' },
      { ...header, to: 7, type: 'timeoutNow' },
      { ...header, type: 'append', prevLogIndex: 1, prevLogTerm: 1, commit: 1, entries: {} },
      {
        ...{ ...header, type: 'append', prevLogIndex: 1, prevLogTerm: 1, commit: 1 },
        entries: [entry, { ...entry, index: 7 }],
      },
      { ...header, type: 'append', prevLogIndex: 1, prevLogTerm: 1, commit: 1, entries: [null] },
      { ...header, type: 'heartbeat', commit: 1, context: 5 },
      { ...header, type: 'snapshot', metadata: { index: 1, term: 1 }, offset: 0, data: '' },
      { ...header, type: 'propose', entries: [{ type: 'weird', data: '' }] },
    ];
    for (const value of bad) expect(parseMessage(value)).toBeNull();
  });

  it('never throws, even on hostile objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(parseMessage(hostile)).toBeNull();
    const random = createRandom(99);
    for (let i = 0; i < 5000; i++) {
      expect(() => parseMessage(mutate(random, samples[i % samples.length]))).not.toThrow();
    }
  });
});

/** A message with one field replaced by random junk. */
function mutate(random: Random, message: Message | undefined): unknown {
  const copy = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
  const keys = Object.keys(copy);
  const key = keys[randomInt(random, 0, keys.length)] ?? 'type';
  const junk = [null, -1, 0.5, '', 'x', [], {}, true, [1, 2], { index: 'a' }];
  copy[key] = junk[randomInt(random, 0, junk.length)];
  return copy;
}

describe('parseMessage structural consistency', () => {
  it('rejects appends whose entries do not follow prevLogIndex or outrun the term', () => {
    const base = { ...header, type: 'append', prevLogIndex: 4, prevLogTerm: 2, commit: 1 };
    expect(parseMessage({ ...base, entries: [{ ...entry, index: 6 }] })).toBeNull();
    expect(parseMessage({ ...base, entries: [{ ...entry, term: 9 }] })).toBeNull();
    expect(parseMessage({ ...base, entries: [{ ...entry, term: 1 }] })).toBeNull();
    expect(parseMessage({ ...base, prevLogTerm: 7, entries: [] })).toBeNull();
    const vote = { ...header, type: 'vote', lastLogIndex: 1, lastLogTerm: 4, force: false };
    expect(parseMessage(vote)).toBeNull();
  });
});
