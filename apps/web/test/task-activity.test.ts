// Goal: the task drawer's activity list and the inbox say in words what happened ("Ada set the
// priority to High", "You were assigned to “Ship it”") and when, from raw event payloads.
import { describe, expect, it } from 'vitest';
import {
  describeNotification,
  notificationHref,
} from '../src/features/notifications/notification-text.ts';
import { describeEvent } from '../src/features/task/activity-text.ts';
import { sizeInWords, timeInWords } from '../src/features/task/relative-time.ts';
import { attachmentHref } from '../src/features/task/upload.ts';

describe('describeEvent', () => {
  it('names the actor and the changed fields of an update', () => {
    const payload = {
      version: 3,
      changes: {
        priorityId: { from: 'low', to: 'high' },
        dueDate: { from: '2026-01-01', to: null },
        title: { from: 'Old', to: 'New' },
      },
    };
    expect(describeEvent({ kind: 'task.updated', payload, actorName: 'Ada' })).toBe(
      'Ada set the priority to High, cleared the due date, renamed the task to “New”',
    );
  });

  it('tells a move to another column from a reorder', () => {
    const moved = { changes: { statusId: { from: 'a', to: 'b' }, position: {} } };
    expect(describeEvent({ kind: 'task.moved', payload: moved, actorName: 'Ada' })).toBe(
      'Ada moved the task to another status',
    );
    const reordered = { changes: { position: { from: 'a', to: 'b' } } };
    expect(describeEvent({ kind: 'task.moved', payload: reordered, actorName: 'Ada' })).toBe(
      'Ada reordered the task',
    );
  });

  it('reads fixed kinds, attachments and labels, and falls back for unknown ones', () => {
    expect(describeEvent({ kind: 'comment.added', payload: {}, actorName: null })).toBe(
      'Someone commented',
    );
    const file = { fileName: 'plan.pdf' };
    expect(describeEvent({ kind: 'attachment.added', payload: file, actorName: 'Bo' })).toBe(
      'Bo attached plan.pdf',
    );
    const labels = { added: ['1', '2'], removed: ['3'] };
    expect(describeEvent({ kind: 'task.labelsChanged', payload: labels, actorName: 'Bo' })).toBe(
      'Bo added 2 labels and removed 1',
    );
    expect(describeEvent({ kind: 'task.frobbed', payload: null, actorName: 'Bo' })).toBe(
      'Bo task.frobbed',
    );
  });
});

describe('describeEvent of recurrences', () => {
  it('says how the task was made to repeat, and that it stopped', () => {
    const set = { kind: 'task.recurrenceSet', payload: { rule: 'FREQ=WEEKLY' }, actorName: 'Ada' };
    expect(describeEvent(set)).toBe('Ada made the task repeat weekly');
    const odd = { ...set, payload: { rule: 'FREQ=MONTHLY;BYSETPOS=1' } };
    expect(describeEvent(odd)).toBe('Ada made the task repeat (FREQ=MONTHLY;BYSETPOS=1)');
    const cleared = { kind: 'task.recurrenceCleared', payload: {}, actorName: 'Ada' };
    expect(describeEvent(cleared)).toBe('Ada stopped the task repeating');
    const reminded = { kind: 'task.dueReminderSent', payload: {}, actorName: null };
    expect(describeEvent(reminded)).toBe('Someone reminded the assignees that it is due soon');
  });
});

describe('describeNotification', () => {
  const task = { id: 't1', title: 'Ship it' };
  const project = { id: 'p1', name: 'Launch' };

  it('says what happened to you, with the task or project name', () => {
    const mention = { kind: 'comment.mentioned', payload: {}, task, project };
    expect(describeNotification(mention)).toBe('You were mentioned in a comment on “Ship it”');
    const added = { kind: 'project.memberAdded', payload: { role: 'admin' }, task: null, project };
    expect(describeNotification(added)).toBe('You were added to Launch as admin');
  });

  it('uses the title kept in the payload when the task is gone', () => {
    const assigned = { kind: 'task.assigned', payload: { title: 'Old task' }, task: null, project };
    expect(describeNotification(assigned)).toBe('You were assigned to “Old task”');
  });

  it('says what followers and assignees hear of, and links each to the task', () => {
    const news = (kind: string, payload: object) => ({ kind, payload, task, project });
    expect(describeNotification(news('task.commented', { commentId: 'c1', by: 'u2' }))).toBe(
      'New comment on “Ship it”, a task you follow',
    );
    expect(describeNotification(news('task.statusChanged', { from: 's1', to: 's2' }))).toBe(
      '“Ship it”, a task you follow, moved to another column',
    );
    expect(describeNotification(news('task.overdue', { dueDate: '2026-11-20' }))).toBe(
      '“Ship it” is overdue (it was due on 2026-11-20)',
    );
    expect(describeNotification(news('task.dueSoon', { dueDate: '2026-11-27' }))).toBe(
      '“Ship it” is due on 2026-11-27',
    );
    expect(notificationHref(news('task.overdue', {}))).toBe('/projects/p1/board?task=t1');
  });

  it('links to the task on its board, or to the board', () => {
    expect(notificationHref({ project, task })).toBe('/projects/p1/board?task=t1');
    expect(notificationHref({ project, task: null })).toBe('/projects/p1/board');
    expect(notificationHref({ project: null, task })).toBeNull();
  });

  it('tells admins which webhook failure disabled, and leads to the settings to fix it', () => {
    const payload = { webhookId: 'w1', url: 'https://hooks.example.com/x', reason: '16 failed' };
    const disabled = { kind: 'webhook.disabled', payload, task: null, project };
    expect(describeNotification(disabled)).toBe(
      'The webhook to https://hooks.example.com/x in Launch was disabled after repeated failures',
    );
    expect(notificationHref(disabled)).toBe('/projects/p1/settings');
  });
});

describe('timeInWords and sizeInWords', () => {
  const now = Date.parse('2026-11-26T12:00:00.000Z');
  it('says how long ago, then the date', () => {
    expect(timeInWords('2026-11-26T11:59:30.000Z', now)).toBe('just now');
    expect(timeInWords('2026-11-26T11:59:00.000Z', now)).toBe('1 minute ago');
    expect(timeInWords('2026-11-26T09:00:00.000Z', now)).toBe('3 hours ago');
    expect(timeInWords('2026-11-25T08:00:00.000Z', now)).toBe('yesterday');
    expect(timeInWords('2026-11-22T12:00:00.000Z', now)).toBe('4 days ago');
    expect(timeInWords('2026-10-01T12:00:00.000Z', now)).toBe('2026-10-01');
  });

  it('sizes files in B, KB and MB', () => {
    expect(sizeInWords(512)).toBe('512 B');
    expect(sizeInWords(1536)).toBe('1.5 KB');
    expect(sizeInWords(1_048_576)).toBe('1.0 MB');
  });
});

describe('attachmentHref', () => {
  it('maps the node path /attachments/<id> to the same-origin /api/attachments/<id>', () => {
    expect(attachmentHref({ id: 'QXR0OjE', downloadUrl: '/attachments/QXR0OjE' })).toBe(
      '/api/attachments/QXR0OjE',
    );
    expect(attachmentHref({ id: 'a b', downloadUrl: 'https://elsewhere/x' })).toBe(
      '/api/attachments/a%20b',
    );
  });
});
