// Goal: a task card shows a person what matters at a glance — title, priority, labels, due date
// (with overdue marked) and who is on it — and its accessible name starts with the title.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { daysUntil } from '../src/features/board/filters.ts';
import {
  cardLabel,
  initials,
  TaskCard,
  type TaskCardTask,
} from '../src/features/board/task-card.tsx';

const task: TaskCardTask = {
  id: 't1',
  title: 'Ship the snapshot transfer',
  priority: 'HIGH',
  dueDate: '2026-11-20',
  assignees: [
    { id: 'u1', name: 'Ada Lovelace' },
    { id: 'u2', name: 'grace brewster hopper' },
  ],
  labels: [{ id: 'l1', name: 'backend', color: '#ff0000' }],
};

describe('TaskCard', () => {
  it('renders title, priority, labels, assignees and an overdue date', () => {
    const html = renderToStaticMarkup(<TaskCard task={task} today="2026-11-26" />);
    expect(html).toContain('Ship the snapshot transfer</p>');
    expect(html).toContain('>High</span>');
    expect(html).toContain('Overdue · 2026-11-20');
    expect(html).toContain('text-danger');
    expect(html).toContain('backend');
    expect(html).toContain('title="Ada Lovelace"');
    expect(html).toContain('>AL</li>');
    expect(html).toContain('>GB</li>');
  });

  it('names the card by its title first, then priority, date and people', () => {
    expect(cardLabel(task, '2026-11-26')).toBe(
      'Ship the snapshot transfer, High, overdue since 2026-11-20, assigned to Ada Lovelace, grace brewster hopper',
    );
    expect(cardLabel({ ...task, dueDate: null, assignees: [] }, '2026-11-26')).toBe(
      'Ship the snapshot transfer, High',
    );
  });

  it('leaves out the date when there is none and does not mark a future date overdue', () => {
    const undated = renderToStaticMarkup(
      <TaskCard task={{ ...task, dueDate: null }} today="2026-11-26" />,
    );
    expect(undated).not.toContain('<time');
    const future = renderToStaticMarkup(<TaskCard task={task} today="2026-11-01" />);
    expect(future).toContain('Due 2026-11-20');
    expect(future).not.toContain('Overdue');
  });

  it('escapes a hostile title instead of rendering markup', () => {
    const html = renderToStaticMarkup(
      <TaskCard task={{ ...task, title: '<img src=x onerror=alert(1)>' }} today="2026-11-26" />,
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('helpers', () => {
  it('computes initials and day distances', () => {
    expect(initials('  ')).toBe('?');
    expect(initials('linus')).toBe('L');
    expect(daysUntil('2026-12-01', '2026-11-26')).toBe(5);
    expect(daysUntil('2026-11-25', '2026-11-26')).toBe(-1);
  });
});
