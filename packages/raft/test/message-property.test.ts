// Goal: for any JSON value, parseMessage returns null or a fresh, well-formed message — frames
// whose type (or any key) is a name on Object.prototype included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AppendMessage, type Message, parseMessage } from '../src/message.ts';

/** What a field of a parsed message must hold. */
type Kind =
  | 'nodeId'
  | 'nodeIds'
  | 'index'
  | 'boolean'
  | 'string'
  | 'context'
  | 'entryType'
  | 'entries'
  | 'proposedEntries'
  | 'metadata'
  | 'confState';

type Shape = Record<string, Kind>;

const headerShape: Shape = { from: 'nodeId', to: 'nodeId', term: 'index' };
const voteShape: Shape = { lastLogIndex: 'index', lastLogTerm: 'index', force: 'boolean' };

/** Every message type and the fields it has besides `type` and the header: nothing more. */
const bodyShapes: Record<Message['type'], Shape> = {
  vote: voteShape,
  preVote: voteShape,
  voteResponse: { reject: 'boolean' },
  preVoteResponse: { reject: 'boolean' },
  append: { prevLogIndex: 'index', prevLogTerm: 'index', entries: 'entries', commit: 'index' },
  appendResponse: { index: 'index', reject: 'boolean', hintIndex: 'index', hintTerm: 'index' },
  heartbeat: { commit: 'index', context: 'context' },
  heartbeatResponse: { context: 'context' },
  snapshot: { metadata: 'metadata', offset: 'index', data: 'string', done: 'boolean' },
  snapshotResponse: { index: 'index', offset: 'index' },
  timeoutNow: {},
  propose: { entries: 'proposedEntries' },
  readIndex: { context: 'string' },
  readIndexResponse: { index: 'index', context: 'string' },
};

const nestedShapes = {
  entry: { term: 'index', index: 'index', type: 'entryType', data: 'string' },
  proposedEntry: { type: 'entryType', data: 'string' },
  metadata: { index: 'index', term: 'index', confState: 'confState' },
  confState: { voters: 'nodeIds', learners: 'nodeIds' },
} satisfies Record<string, Shape>;

const messageTypes = Object.keys(bodyShapes) as Message['type'][];
/** constructor, toString, __proto__, hasOwnProperty, valueOf, isPrototypeOf, ... */
const prototypeNames = Object.getOwnPropertyNames(Object.prototype);

/** What is wrong with `value` as a parsed message; empty when it is well-formed. */
function problemsOf(value: unknown): string[] {
  const problems: string[] = [];
  if (!isPlainObject(value)) return [`not a plain object: ${String(value)}`];
  const { type } = value;
  if (typeof type !== 'string' || !Object.hasOwn(bodyShapes, type)) {
    return [`not a message type: ${String(type)}`];
  }
  const body = bodyShapes[type as Message['type']];
  checkRecord(value, { ...headerShape, type: 'string', ...body }, 'message', problems);
  if (type === 'append') checkAppendEntries(value, problems);
  return problems;
}

function checkRecord(value: unknown, shape: Shape, path: string, problems: string[]): void {
  if (!isPlainObject(value)) {
    problems.push(`${path} is not a plain object`);
    return;
  }
  const keys = Reflect.ownKeys(value).map(String).sort();
  const expected = Object.keys(shape).sort();
  if (keys.join() !== expected.join()) problems.push(`${path} has fields ${keys} not ${expected}`);
  for (const [field, kind] of Object.entries(shape)) {
    checkValue(value[field], kind, `${path}.${field}`, problems);
  }
}

function checkValue(value: unknown, kind: Kind, path: string, problems: string[]): void {
  const records = (shape: Shape) => (item: unknown, at: string) =>
    checkRecord(item, shape, at, problems);
  const nodeIds = (item: unknown, at: string) => checkValue(item, 'nodeId', at, problems);
  if (kind === 'entries') checkArray(value, path, problems, records(nestedShapes.entry));
  else if (kind === 'proposedEntries') {
    checkArray(value, path, problems, records(nestedShapes.proposedEntry));
  } else if (kind === 'nodeIds') checkArray(value, path, problems, nodeIds);
  else if (kind === 'metadata') checkRecord(value, nestedShapes.metadata, path, problems);
  else if (kind === 'confState') checkRecord(value, nestedShapes.confState, path, problems);
  else if (!isPrimitive(value, kind)) problems.push(`${path} is not a ${kind}: ${String(value)}`);
}

function isPrimitive(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'nodeId':
      return typeof value === 'string' && value.length > 0;
    case 'index':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'context':
      return value === null || typeof value === 'string';
    case 'entryType':
      return value === 'normal' || value === 'confChange';
    default:
      return false;
  }
}

function checkArray(
  value: unknown,
  path: string,
  problems: string[],
  checkItem: (item: unknown, path: string) => void,
): void {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) {
    problems.push(`${path} is not an array`);
    return;
  }
  for (const [i, item] of value.entries()) checkItem(item, `${path}[${i}]`);
}

/** An append's entries follow prevLogIndex one by one, with terms that never decrease. */
function checkAppendEntries(message: Record<string, unknown>, problems: string[]): void {
  const { prevLogIndex, prevLogTerm, term, entries } = message as unknown as AppendMessage;
  let lastTerm = prevLogTerm;
  for (const [i, entry] of entries.entries()) {
    if (entry.index !== prevLogIndex + 1 + i || entry.term < lastTerm) {
      problems.push(`entries out of order at ${i}`);
    }
    lastTerm = entry.term;
  }
  if (lastTerm > term) problems.push('an entry term past the message term');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

/** Every object and array reachable from `value`, `value` included. */
function objectsIn(value: unknown, found = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null || found.has(value)) return found;
  found.add(value);
  for (const key of Reflect.ownKeys(value)) {
    objectsIn((value as Record<PropertyKey, unknown>)[key], found);
  }
  return found;
}

/** The property: null, or a well-formed message that shares no object with the input. */
function checkParse(input: unknown): Message | null {
  const result = parseMessage(input);
  if (result === null) return null;
  expect(problemsOf(result)).toEqual([]);
  const inputObjects = objectsIn(input);
  expect([...objectsIn(result)].filter((o) => inputObjects.has(o))).toEqual([]);
  return result;
}

// ---- Arbitraries. ----

const anyJson = fc.jsonValue({ maxDepth: 3 });
/** Type names a frame may carry: the real ones, and every name on Object.prototype. */
const typeName = fc.constantFrom(...messageTypes, ...prototypeNames);
/** Keys a hostile frame may add: prototype names and arbitrary strings. */
const extraKey = fc.oneof(fc.constantFrom(...prototypeNames), fc.string({ maxLength: 12 }));
const nodeId = fc.constantFrom('n1', 'n2', 'n3');
const small = fc.nat(20);
const entryType = fc.constantFrom('normal', 'confChange');
/** Mostly a value of the right kind, sometimes any JSON value. */
const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: anyJson });

const looseEntry = fc.record({
  term: mostly(small),
  index: mostly(small),
  type: mostly(fc.oneof(entryType, typeName)),
  data: mostly(fc.string({ maxLength: 4 })),
});
const looseConfState = fc.record({
  voters: mostly(fc.array(mostly(nodeId), { maxLength: 3 })),
  learners: mostly(fc.array(mostly(nodeId), { maxLength: 3 })),
});

/**
 * A frame with a type from the real ones or from Object.prototype and any subset of the fields
 * messages have, each mostly of the right kind: it reaches every parser, and many parse.
 */
const looseFrame = fc.record(
  {
    type: mostly(typeName),
    from: mostly(nodeId),
    to: mostly(nodeId),
    term: mostly(small),
    ...{ lastLogIndex: mostly(small), lastLogTerm: mostly(small), force: mostly(fc.boolean()) },
    ...{ reject: mostly(fc.boolean()), index: mostly(small), hintIndex: mostly(small) },
    ...{ hintTerm: mostly(small), prevLogIndex: mostly(small), prevLogTerm: mostly(small) },
    ...{ commit: mostly(small), offset: mostly(small), done: mostly(fc.boolean()) },
    entries: mostly(fc.array(looseEntry, { maxLength: 3 })),
    context: mostly(fc.option(fc.string({ maxLength: 4 }))),
    data: mostly(fc.string({ maxLength: 4 })),
    metadata: mostly(
      fc.record({ index: mostly(small), term: mostly(small), confState: mostly(looseConfState) }),
    ),
  },
  { requiredKeys: [] },
);

const header = fc.record({ from: nodeId, to: nodeId, term: fc.nat(50) });
const index = fc.nat(100);
const context = fc.string({ maxLength: 4 });

/** A message of `type` from a header and body fields drawn by `body` (given the header). */
function valid<T extends Message['type']>(
  type: T,
  body: (h: { term: number }) => fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<Message> {
  return header.chain((h) => body(h).map((b) => ({ ...h, ...b, type }) as Message));
}

const vote = (h: { term: number }) =>
  fc.record({ lastLogIndex: index, lastLogTerm: fc.nat(h.term), force: fc.boolean() });

/** An append a correct leader could send: entries after prevLogIndex, terms up to its term. */
const appendBody = (h: { term: number }) =>
  fc
    .record({
      prevLogIndex: index,
      prevLogTerm: fc.nat(h.term),
      termSteps: fc.array(fc.nat(2), { maxLength: 4 }),
      types: fc.array(entryType, { minLength: 4, maxLength: 4 }),
      commit: index,
    })
    .map(({ prevLogIndex, prevLogTerm, termSteps, types, commit }) => {
      let term = prevLogTerm;
      const entries = termSteps.map((step, i) => {
        term = Math.min(h.term, term + step);
        return { term, index: prevLogIndex + 1 + i, type: types[i] ?? 'normal', data: `d${i}` };
      });
      return { prevLogIndex, prevLogTerm, entries, commit };
    });

const confState = fc.record({
  voters: fc.array(nodeId, { maxLength: 3 }),
  learners: fc.array(nodeId, { maxLength: 2 }),
});
const snapshotBody = () =>
  fc.record({
    metadata: fc.record({ index, term: index, confState }),
    offset: index,
    data: fc.string({ maxLength: 8 }),
    done: fc.boolean(),
  });
const proposedEntries = fc.array(fc.record({ type: entryType, data: context }), { maxLength: 3 });

/** Well-formed messages of every type (the Record makes the type system check none is missing). */
const validByType: Record<Message['type'], fc.Arbitrary<Message>> = {
  vote: valid('vote', vote),
  preVote: valid('preVote', vote),
  voteResponse: valid('voteResponse', () => fc.record({ reject: fc.boolean() })),
  preVoteResponse: valid('preVoteResponse', () => fc.record({ reject: fc.boolean() })),
  append: valid('append', appendBody),
  appendResponse: valid('appendResponse', () =>
    fc.record({ index, reject: fc.boolean(), hintIndex: index, hintTerm: index }),
  ),
  heartbeat: valid('heartbeat', () => fc.record({ commit: index, context: fc.option(context) })),
  heartbeatResponse: valid('heartbeatResponse', () => fc.record({ context: fc.option(context) })),
  snapshot: valid('snapshot', snapshotBody),
  snapshotResponse: valid('snapshotResponse', () => fc.record({ index, offset: index })),
  timeoutNow: valid('timeoutNow', () => fc.constant({})),
  propose: valid('propose', () => fc.record({ entries: proposedEntries })),
  readIndex: valid('readIndex', () => fc.record({ context })),
  readIndexResponse: valid('readIndexResponse', () => fc.record({ index, context })),
};
const validMessage = fc.oneof(...Object.values(validByType));

/** `message` as a peer frame: through JSON, with extra keys (prototype names included). */
const withExtraKeys = fc
  .tuple(validMessage, fc.dictionary(extraKey, anyJson, { maxKeys: 3 }))
  .map(([message, extras]) => {
    const frame = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(extras)) {
      if (Object.hasOwn(frame, key)) continue;
      // defineProperty, so "__proto__" becomes an own key as JSON.parse makes it.
      Object.defineProperty(frame, key, { value, enumerable: true });
    }
    return { message, frame };
  });

const RUNS = 2000;

describe('parseMessage on any JSON value', () => {
  // Regression: the parser table was indexed with the frame's type through the prototype chain,
  // so type "constructor" returned the input object itself and "toString" returned a string.
  it('drops frames whose type is a name on Object.prototype', () => {
    for (const type of [...prototypeNames, 'prototype']) {
      const frame = { from: 'n1', to: 'n2', term: 1, type, context: 'c', commit: 1 };
      expect(parseMessage(frame)).toBeNull();
      expect(parseMessage(JSON.parse(JSON.stringify(frame)))).toBeNull();
    }
  });

  it('returns null or a fresh, well-formed message for any JSON value', () => {
    fc.assert(
      fc.property(anyJson, (input) => void checkParse(input)),
      { numRuns: RUNS },
    );
  });

  it('returns null or a fresh, well-formed message for message-like frames', () => {
    fc.assert(
      fc.property(looseFrame, (frame) => {
        const result = checkParse(JSON.parse(JSON.stringify(frame)));
        if (!messageTypes.includes(frame.type as Message['type'])) expect(result).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('parses every well-formed message to an equal, fresh copy, ignoring extra keys', () => {
    fc.assert(
      fc.property(withExtraKeys, ({ message, frame }) => {
        expect(checkParse(frame)).toEqual(message);
      }),
      { numRuns: RUNS },
    );
  });

  it('drops a well-formed message retyped with a prototype name', () => {
    const retyped = fc.tuple(validMessage, fc.constantFrom(...prototypeNames));
    fc.assert(
      fc.property(retyped, ([message, type]) => {
        expect(parseMessage(JSON.parse(JSON.stringify({ ...message, type })))).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});
