// Goal: the pure rules apply relies on (mention parsing, status timestamps, command encoding)
// hold for arbitrary inputs, since every node must reach the same answer from the same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mentionsPerCommentMax, parseMentions } from '../src/apply/handlers/comment-handlers.ts';
import { lifecycleTimestamps } from '../src/apply/task-changes.ts';
import {
  encodeCommand,
  importTasksMax,
  parseCommand,
  safeParseCommand,
} from '../src/commands/command.ts';
import { statusCategories } from '../src/schema/statuses.ts';
import { testRequestId } from '../src/testing/entries.ts';

describe('parseMentions', () => {
  it('returns distinct lower-case names, bounded, each mentioned in the body', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.array(fc.stringMatching(/^[a-zA-Z0-9_]{2,12}$/)),
        (noise, names) => {
          const body = `${noise} ${names.map((name) => `@${name}`).join(' ')}`;
          const mentions = parseMentions(body);
          expect(new Set(mentions).size).toBe(mentions.length);
          expect(mentions.length).toBeLessThanOrEqual(mentionsPerCommentMax);
          for (const mention of mentions) {
            expect(mention).toBe(mention.toLowerCase());
            expect(body.toLowerCase()).toContain(`@${mention}`);
          }
        },
      ),
    );
  });

  it('ignores e-mail addresses', () => {
    expect(parseMentions('mail bob@example.com or @carol.')).toEqual(['carol']);
  });
});

describe('lifecycleTimestamps', () => {
  const instant = fc.option(fc.date({ noInvalidDate: true }), { nil: null });
  it('keeps the first start and sets completion exactly in done categories', () => {
    fc.assert(
      fc.property(
        instant,
        instant,
        fc.constantFrom(...statusCategories),
        fc.date({ noInvalidDate: true }),
        (startedAt, completedAt, category, at) => {
          const next = lifecycleTimestamps({ startedAt, completedAt }, category, at);
          const done = category === 'completed' || category === 'canceled';
          expect(next.completedAt !== null).toBe(done);
          if (startedAt !== null) expect(next.startedAt).toBe(startedAt);
          if (done || category === 'started') expect(next.startedAt).not.toBeNull();
        },
      ),
    );
  });
});

describe('command encoding', () => {
  const update = fc.record({
    taskId: fc.stringMatching(/^[0-9A-Za-z_-]{1,36}$/),
    expectedVersion: fc.option(fc.integer({ min: 1, max: 1_000 }), { nil: undefined }),
    changes: fc.record(
      {
        title: fc.string({ minLength: 1, maxLength: 50 }).filter((title) => title.trim() !== ''),
        dueDate: fc.option(fc.constantFrom('2026-01-31', '2027-12-01'), { nil: null }),
        priority: fc.constantFrom('none', 'low', 'medium', 'high', 'urgent'),
      },
      { requiredKeys: ['title'] },
    ),
  });

  it('encodes to bytes that decode to the same command', () => {
    fc.assert(
      fc.property(update, fc.integer({ min: 0, max: 2 ** 42 }), (payload, at) => {
        const requestId = testRequestId(at);
        const input = { type: 'task.update' as const, payload, actor: 'u1', requestId, at };
        const data = encodeCommand(input);
        expect(parseCommand(JSON.parse(data))).toEqual(parseCommand(input));
        expect(encodeCommand(JSON.parse(data))).toBe(data);
      }),
    );
  });

  it('names the field that is wrong', () => {
    const parsed = safeParseCommand({ type: 'task.move', payload: {}, actor: 'u1', at: 0 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/requestId|payload\.taskId/);
  });

  it('bounds an import by its task count and by its bytes', () => {
    const importing = (tasks: unknown[]) =>
      safeParseCommand({
        type: 'task.import',
        payload: { projectId: 'p1', tasks },
        actor: 'u1',
        requestId: testRequestId(0),
        at: 0,
      });
    const title = (i: number) => ({ title: `task ${i}` });
    expect(importing(Array.from({ length: importTasksMax }, (_, i) => title(i))).ok).toBe(true);
    const tooMany = importing(Array.from({ length: importTasksMax + 1 }, (_, i) => title(i)));
    expect(tooMany.ok).toBe(false);
    // Twenty descriptions of 60,000 characters each fit the count but not the bytes.
    const description = 'x'.repeat(60_000);
    const tooLarge = importing(
      Array.from({ length: 20 }, (_, i) => ({ ...title(i), description })),
    );
    expect(tooLarge.ok ? '' : tooLarge.error.message).toMatch(/at most 1048576 bytes/);
    expect(importing([]).ok).toBe(false);
  });
});
