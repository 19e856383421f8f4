// Goal: a task card shows a person what matters at a glance — title, priority, due date (with
// overdue marked) and who is on it — identically wherever it renders.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { daysUntil, initials, TaskCard, type TaskCardTask } from '../src/components/task-card.tsx';

const task: TaskCardTask = {
  id: 't1',
  title: 'Ship the snapshot transfer',
  priority: 'HIGH',
  dueDate: '2026-11-20',
  assignees: [
    { id: 'u1', name: 'Ada Lovelace' },
    { id: 'u2', name: 'grace brewster hopper' },
  ],
};

describe('TaskCard', () => {
  it('renders title, priority, assignees and an overdue date', () => {
    const html = renderToStaticMarkup(<TaskCard task={task} today="2026-11-26" />);
    expect(html).toContain('<h3>Ship the snapshot transfer</h3>');
    expect(html).toContain('>High</p>');
    expect(html).toContain('class="due overdue"');
    expect(html).toContain('Overdue since 2026-11-20');
    expect(html).toContain('title="Ada Lovelace">AL</li>');
    expect(html).toContain('title="grace brewster hopper">GB</li>');
  });

  it('leaves out the date when there is none and does not mark a future date overdue', () => {
    const undated = renderToStaticMarkup(
      <TaskCard task={{ ...task, dueDate: null }} today="2026-11-26" />,
    );
    expect(undated).not.toContain('<time');
    const future = renderToStaticMarkup(<TaskCard task={task} today="2026-11-01" />);
    expect(future).toContain('class="due"');
    expect(future).toContain('Due 2026-11-20');
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
