// Goal: a refused CSV import shows the server's problems by row and column (or its message when
// it listed none), an export gets a safe dated file name, and a calendar feed's URL and name are
// what a person pastes into a calendar app and recognises.
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  csvImportFailure,
  rowErrorInWords,
  tasksCsvFileName,
} from '../src/features/projects/settings/csv-import.ts';
import {
  calendarFeedName,
  calendarFeedUrl,
  isCalendarFeedFile,
} from '../src/features/settings/calendar-words.ts';

function refusal(message: string, extensions: Record<string, unknown>) {
  return new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });
}

describe('csvImportFailure', () => {
  it('lists the row errors and how many there are in all', () => {
    const failure = csvImportFailure(
      refusal('nothing was imported; the CSV has 25 problems: …', {
        code: 'BAD_USER_INPUT',
        rowErrors: [
          { row: 3, column: 'priority', message: 'not a priority: SOON' },
          { row: null, column: 'title', message: 'the header has no title column' },
          { row: 7, column: null, message: 'too many cells' },
          'not an error',
        ],
        rowErrorCount: 25,
      }),
    );
    expect(failure.rowErrorCount).toBe(25);
    expect(failure.rowErrors.map(rowErrorInWords)).toEqual([
      'Row 3, priority: not a priority: SOON',
      'title: the header has no title column',
      'Row 7: too many cells',
    ]);
  });

  it('keeps the message of a refusal without rows', () => {
    const failure = csvImportFailure(refusal('you are a viewer', { code: 'FORBIDDEN' }));
    expect(failure).toEqual({ message: 'you are a viewer', rowErrors: [], rowErrorCount: 0 });
  });
});

describe('tasksCsvFileName', () => {
  it('names the project and the day, in safe characters', () => {
    const now = new Date('2027-01-09T10:00:00Z');
    expect(tasksCsvFileName('Q1 launch / “web”', now)).toBe('Q1-launch-web-tasks-2027-01-09.csv');
    expect(tasksCsvFileName('???', now)).toBe('project-tasks-2027-01-09.csv');
  });
});

describe('calendar feeds', () => {
  it('puts the feed path on the board’s own address', () => {
    expect(calendarFeedUrl('https://board.example.com/', '/calendar/rbc_abc.ics')).toBe(
      'https://board.example.com/calendar/rbc_abc.ics',
    );
  });

  it('forwards only paths that look like a feed file', () => {
    expect(isCalendarFeedFile('rbc_AbC-12_x.ics')).toBe(true);
    expect(isCalendarFeedFile('..%2Fgraphql')).toBe(false);
    expect(isCalendarFeedFile('rbc_abc.ics.txt')).toBe(false);
    expect(isCalendarFeedFile(`${'a'.repeat(201)}.ics`)).toBe(false);
  });

  it('names a feed by what it shows', () => {
    expect(calendarFeedName({ kind: 'ASSIGNED', project: null })).toBe('Tasks assigned to me');
    expect(calendarFeedName({ kind: 'PROJECT', project: { name: 'Launch' } })).toBe(
      'Project: Launch',
    );
    expect(calendarFeedName({ kind: 'PROJECT', project: null })).toBe('A project you left');
  });
});
