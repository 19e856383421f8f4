// Goal: the task drawer says in words how a task recurs and when it next does, in UTC as the
// server runs it, and never describes a rule it cannot fully read as something else.
import { describe, expect, it } from 'vitest';
import {
  localInputOfInstant,
  presetOfRule,
  recurrenceLine,
  recurrencePresets,
  ruleInWords,
  startsAtOfLocalInput,
  utcInstantInWords,
} from '../src/features/task/recurrence-words.ts';

const now = new Date('2027-01-03T12:00:00Z');

describe('ruleInWords', () => {
  it('reads every preset the API stores', () => {
    expect(recurrencePresets.map((each) => ruleInWords(each.rule))).toEqual([
      'Repeats daily',
      'Repeats every weekday',
      'Repeats weekly',
      'Repeats monthly',
      'Repeats yearly',
    ]);
  });

  it('reads intervals, days, month days, months, counts and end dates', () => {
    expect(ruleInWords('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10')).toBe(
      'Repeats every 2 weeks on Mon, 10 times',
    );
    expect(ruleInWords('FREQ=WEEKLY;BYDAY=FR,MO,WE')).toBe('Repeats weekly on Mon, Wed, Fri');
    expect(ruleInWords('FREQ=MONTHLY;BYMONTHDAY=1')).toBe('Repeats monthly on day 1');
    expect(ruleInWords('FREQ=MONTHLY;BYMONTHDAY=-1')).toBe('Repeats monthly on the last day');
    expect(ruleInWords('FREQ=MONTHLY;BYDAY=-1FR')).toBe('Repeats monthly on the last Fri');
    expect(ruleInWords('FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15')).toBe(
      'Repeats yearly on day 15 in Mar',
    );
    expect(ruleInWords('FREQ=DAILY;UNTIL=20270301T090000Z')).toBe(
      'Repeats daily, until 1 Mar 2027',
    );
    expect(ruleInWords('FREQ=DAILY;COUNT=1')).toBe('Repeats daily, once');
    expect(ruleInWords('rrule:freq=weekly;byday=mo,tu,we,th,fr')).toBe('Repeats every weekday');
  });

  it('falls back to the raw rule for parts it does not read', () => {
    expect(ruleInWords('FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1')).toBe(
      'Repeats: FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1',
    );
    expect(ruleInWords('FREQ=HOURLY')).toBe('Repeats: FREQ=HOURLY');
    expect(ruleInWords('nonsense')).toBe('Repeats: nonsense');
  });
});

describe('recurrenceLine', () => {
  it('says the rule, the next occurrence in UTC and how many were made', () => {
    const line = recurrenceLine(
      { rule: 'FREQ=WEEKLY', nextAt: '2027-01-11T09:00:00.000Z', made: 3 },
      now,
    );
    expect(line).toBe('Repeats weekly · next Mon 11 Jan, 09:00 UTC · 3 made');
  });

  it('says when the rule has ended', () => {
    expect(recurrenceLine({ rule: 'FREQ=DAILY;COUNT=2', nextAt: null, made: 2 }, now)).toBe(
      'Repeats daily, 2 times · ended · 2 made',
    );
  });

  it('names the year only when it is not this one', () => {
    expect(utcInstantInWords('2028-02-29T23:05:00Z', now)).toBe('Tue 29 Feb 2028, 23:05 UTC');
  });
});

describe('the recurrence form', () => {
  it('starts from the preset a stored rule is, or from a custom rule', () => {
    expect(presetOfRule('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')).toBe('WEEKDAYS');
    expect(presetOfRule('FREQ=MONTHLY')).toBe('MONTHLY');
    expect(presetOfRule('FREQ=WEEKLY;BYDAY=MO')).toBeNull();
  });

  it('reads the start field as UTC and writes it back the same', () => {
    expect(startsAtOfLocalInput('2027-01-11T09:00')).toBe('2027-01-11T09:00:00.000Z');
    expect(startsAtOfLocalInput('')).toBeNull();
    expect(startsAtOfLocalInput('2027-13-45T99:00')).toBeNull();
    expect(localInputOfInstant('2027-01-11T09:00:00.000Z')).toBe('2027-01-11T09:00');
  });
});
