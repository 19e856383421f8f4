// Goal: the board's pure rules do what a person expects — filters (kept in the URL) pick the
// right cards, a drop or a keyboard step lands a card between the right neighbours, and an
// optimistic sort key always falls strictly between them.
import { describe, expect, it } from 'vitest';
import {
  columnsOf,
  filtersFromSearch,
  matchesFilters,
  noFilters,
  searchWithFilters,
} from '../src/features/board/filters.ts';
import { dropTarget, stepTarget } from '../src/features/board/move.ts';
import { keyBetween } from '../src/features/board/optimistic-move.ts';
import type { BoardTask } from '../src/features/board/use-board.ts';

const today = '2026-12-01';

function task(id: string, changes: Partial<BoardTask> = {}): BoardTask {
  return {
    id,
    title: `Task ${id}`,
    priority: 'NONE',
    dueDate: null,
    startDate: null,
    position: id,
    version: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    completedAt: null,
    status: { id: 'todo' },
    parent: null,
    assignees: [],
    labels: [],
    ...changes,
  };
}

describe('filters', () => {
  it('round-trips through the URL and keeps other parameters', () => {
    const filters = { ...noFilters, text: 'login', assigneeId: 'u1', due: 'overdue' as const };
    const search = searchWithFilters(new URLSearchParams('task=t9'), filters);
    expect(search).toBe('?task=t9&q=login&assignee=u1&due=overdue');
    expect(filtersFromSearch(new URLSearchParams(search))).toEqual(filters);
    expect(filtersFromSearch(new URLSearchParams('due=someday')).due).toBeNull();
  });

  it('matches text, people, labels, priority and due dates', () => {
    const ada = { id: 'u1', name: 'Ada', username: 'ada' };
    const bug = { id: 'l1', name: 'bug', color: '#ff0000' };
    const overdue = task('a', { title: 'Fix LOGIN', assignees: [ada], dueDate: '2026-11-30' });
    const nextWeek = task('b', { labels: [bug], priority: 'HIGH', dueDate: '2026-12-05' });
    const undated = task('c');
    const pick = (change: Partial<typeof noFilters>) =>
      [overdue, nextWeek, undated]
        .filter((candidate) => matchesFilters(candidate, { ...noFilters, ...change }, today))
        .map((candidate) => candidate.id);
    expect(pick({})).toEqual(['a', 'b', 'c']);
    expect(pick({ text: 'login' })).toEqual(['a']);
    expect(pick({ assigneeId: 'u1' })).toEqual(['a']);
    expect(pick({ assigneeId: 'none' })).toEqual(['b', 'c']);
    expect(pick({ labelId: 'l1' })).toEqual(['b']);
    expect(pick({ priority: 'HIGH' })).toEqual(['b']);
    expect(pick({ due: 'overdue' })).toEqual(['a']);
    expect(pick({ due: 'week' })).toEqual(['b']);
    expect(pick({ due: 'none' })).toEqual(['c']);
  });

  it('groups cards by column in board order', () => {
    const columns = columnsOf(
      ['todo', 'done'],
      [task('b'), task('a'), task('c', { status: { id: 'done' } })],
      noFilters,
      today,
    );
    expect(columns.get('todo')?.map((card) => card.id)).toEqual(['a', 'b']);
    expect(columns.get('done')?.map((card) => card.id)).toEqual(['c']);
  });
});

describe('moves', () => {
  const columns = new Map([
    ['todo', [{ id: 'a' }, { id: 'b' }, { id: 'c' }]],
    ['done', [{ id: 'd' }]],
  ]);

  it('drops a card before a card it moves up to, after one it moves down to', () => {
    expect(dropTarget(columns, 'c', 'a')).toEqual({
      statusId: 'todo',
      afterTaskId: null,
      beforeTaskId: 'a',
    });
    expect(dropTarget(columns, 'a', 'b')).toEqual({
      statusId: 'todo',
      afterTaskId: 'b',
      beforeTaskId: 'c',
    });
    expect(dropTarget(columns, 'a', 'd')).toEqual({
      statusId: 'done',
      afterTaskId: null,
      beforeTaskId: 'd',
    });
    expect(dropTarget(columns, 'a', 'column:done')).toEqual({
      statusId: 'done',
      afterTaskId: 'd',
      beforeTaskId: null,
    });
    expect(dropTarget(columns, 'a', 'a')).toBeNull();
  });

  it('steps a card one column across or one place along, and not off the board', () => {
    const order = ['todo', 'done'];
    expect(stepTarget(columns, order, 'b', 'right')).toEqual({
      statusId: 'done',
      afterTaskId: 'd',
      beforeTaskId: null,
    });
    expect(stepTarget(columns, order, 'b', 'up')).toEqual({
      statusId: 'todo',
      afterTaskId: null,
      beforeTaskId: 'a',
    });
    expect(stepTarget(columns, order, 'b', 'left')).toBeNull();
    expect(stepTarget(columns, order, 'c', 'down')).toBeNull();
  });

  it('finds an optimistic key strictly between any two keys', () => {
    const pairs: [string | null, string | null][] = [
      [null, null],
      [null, 'i'],
      ['i', null],
      ['i', 'j'],
      ['i', 'i5'],
      ['i', 'i01'],
      ['zz', null],
      ['a0001', 'a0002'],
    ];
    for (const [low, high] of pairs) {
      const key = keyBetween(low, high);
      if (low !== null) expect(key > low).toBe(true);
      if (high !== null) expect(key < high).toBe(true);
    }
  });
});
