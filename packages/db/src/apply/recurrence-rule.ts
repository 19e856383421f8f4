import rrule from 'rrule';

// rrule ships a UMD build as its main entry: Node's ESM loader finds no named exports in it.
const { RRule } = rrule;
type RRule = InstanceType<typeof RRule>;

/** How far ahead the next occurrence is looked for; a rule with none in it has ended. */
const lookAheadMs = 5 * 366 * 24 * 60 * 60 * 1_000;

/** Frequencies a recurring task may have: a day is the finest (a task a minute is a bug). */
const allowedFrequencies = new Set([RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY]);

/** `20260105T090000Z`, the form DTSTART takes. */
function basicUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * A recurrence rule (RFC 5545 RRULE, e.g. `FREQ=WEEKLY;BYDAY=MO,TH`) anchored at `startsAt`, in
 * UTC. Pure: every node computes the same occurrences from the same rule and start.
 */
export class RecurrenceRule {
  private constructor(private readonly rrule: RRule) {}

  /** The rule, or why it is not one a task may recur by. */
  static parse(rule: string, startsAt: Date): RecurrenceRule | { error: string } {
    let rrule: RRule;
    try {
      rrule = RRule.fromString(`DTSTART:${basicUtc(startsAt)}\nRRULE:${rule}`);
    } catch (error) {
      return { error: `not a recurrence rule: ${(error as Error).message}` };
    }
    if (!allowedFrequencies.has(rrule.options.freq)) {
      return { error: 'a task recurs at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)' };
    }
    const { byhour, byminute, bysecond } = rrule.options;
    if ([byhour, byminute, bysecond].some((list) => (list?.length ?? 0) > 1)) {
      return { error: 'a task recurs at most once a day (one BYHOUR, BYMINUTE, BYSECOND)' };
    }
    return new RecurrenceRule(rrule);
  }

  /**
   * The first occurrence after `after` (at or after it when `inclusive`), or null when there is
   * none within five years (the rule ended, by COUNT or UNTIL, or never matches).
   */
  next(after: Date, inclusive: boolean): Date | null {
    const until = new Date(after.getTime() + lookAheadMs);
    const [first] = this.rrule.between(after, until, inclusive, (_date, i) => i < 1);
    return first ?? null;
  }
}
