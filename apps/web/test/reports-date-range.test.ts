// Goal: the reports' date range reads from the URL as a person would expect (last 30 days by
// default, both ends included) and refuses, with words, what the API would refuse.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkDateRange,
  dateRangeFromSearch,
  defaultDateRange,
  parseIsoDay,
  reportWindow,
  searchWithDateRange,
  todayUtc,
} from '../src/features/reports/date-range.ts';

describe('parseIsoDay', () => {
  it('accepts real calendar days only', () => {
    expect(parseIsoDay('2026-11-26')).toBe(Date.UTC(2026, 10, 26));
    expect(parseIsoDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDay('2026-02-29')).toBeNull();
    expect(parseIsoDay('2026-13-01')).toBeNull();
    expect(parseIsoDay('2026-1-01')).toBeNull();
    expect(parseIsoDay('')).toBeNull();
    expect(parseIsoDay('2026-11-26T00:00:00Z')).toBeNull();
  });
});

describe('defaults', () => {
  it('is the last 30 days, today included', () => {
    expect(defaultDateRange('2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(checkDateRange(defaultDateRange('2026-03-01')).days).toBe(30);
  });

  it('takes today in UTC', () => {
    expect(todayUtc(new Date('2026-11-26T23:30:00-05:00'))).toBe('2026-11-27');
  });

  it('fills in only the end the URL leaves out', () => {
    const today = '2026-11-26';
    expect(dateRangeFromSearch(new URLSearchParams(''), today)).toMatchObject({
      from: '2026-10-28',
      to: '2026-11-26',
      error: null,
    });
    expect(dateRangeFromSearch(new URLSearchParams('from=2026-11-01'), today)).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-26',
      days: 26,
    });
  });
});

describe('checkDateRange', () => {
  it('accepts one day and up to 366 days', () => {
    expect(checkDateRange({ from: '2026-05-05', to: '2026-05-05' })).toMatchObject({
      error: null,
      days: 1,
    });
    expect(checkDateRange({ from: '2024-01-01', to: '2024-12-31' })).toMatchObject({
      error: null,
      days: 366,
    });
  });

  it('refuses 367 days, naming the limit and the length', () => {
    const checked = checkDateRange({ from: '2024-01-01', to: '2025-01-01' });
    expect(checked.error).toBe('A report covers at most 366 days; this range has 367.');
    expect(checked.days).toBe(0);
  });

  it('refuses a From after To', () => {
    expect(checkDateRange({ from: '2026-05-06', to: '2026-05-05' }).error).toBe(
      'From must be on or before To.',
    );
  });

  it('refuses empty or malformed ends, and keeps them for the inputs', () => {
    const search = new URLSearchParams('from=&to=2026-02-30');
    const checked = dateRangeFromSearch(search, '2026-11-26');
    expect(checked).toMatchObject({ from: '', to: '2026-02-30' });
    expect(checked.error).toBe('Choose a valid From date.');
    expect(checkDateRange({ from: '2026-01-01', to: 'soon' }).error).toBe(
      'Choose a valid To date.',
    );
  });
});

describe('URL and API window', () => {
  it('writes both ends and keeps other parameters', () => {
    const search = new URLSearchParams('task=t1&from=2026-01-01');
    expect(searchWithDateRange(search, { from: '2026-02-01', to: '2026-02-28' })).toBe(
      '?task=t1&from=2026-02-01&to=2026-02-28',
    );
  });

  it('asks the API for (from 00:00Z, the day after to 00:00Z]', () => {
    expect(reportWindow({ from: '2026-02-01', to: '2026-02-28' })).toEqual({
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    });
  });

  it('moves across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
