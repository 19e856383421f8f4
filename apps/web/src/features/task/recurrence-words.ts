/** The presets the API takes by name, with the RRULE it stores for each. */
export const recurrencePresets = [
  { preset: 'DAILY', label: 'Daily', rule: 'FREQ=DAILY' },
  { preset: 'WEEKDAYS', label: 'Every weekday', rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' },
  { preset: 'WEEKLY', label: 'Weekly', rule: 'FREQ=WEEKLY' },
  { preset: 'MONTHLY', label: 'Monthly', rule: 'FREQ=MONTHLY' },
  { preset: 'YEARLY', label: 'Yearly', rule: 'FREQ=YEARLY' },
] as const;

export type RecurrencePreset = (typeof recurrencePresets)[number]['preset'];

const weekdayNames: Record<string, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
};
const weekdayOrder = Object.keys(weekdayNames);
const monthNames = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const dayNamesBySunday = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');
const ordinals: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '5': 'fifth',
  '-1': 'last',
  '-2': 'second to last',
};

const frequencies: Record<string, { adverb: string; unit: string }> = {
  DAILY: { adverb: 'daily', unit: 'day' },
  WEEKLY: { adverb: 'weekly', unit: 'week' },
  MONTHLY: { adverb: 'monthly', unit: 'month' },
  YEARLY: { adverb: 'yearly', unit: 'year' },
};

/** The parts of an RRULE this module reads; anything else makes it fall back to the raw rule. */
const knownParts = new Set([
  'FREQ',
  'INTERVAL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'COUNT',
  'UNTIL',
  'WKST',
]);

/** `FREQ=WEEKLY;BYDAY=MO` as a map, or null when it is not `KEY=VALUE;…`. */
function ruleParts(rule: string): Map<string, string> | null {
  const parts = new Map<string, string>();
  for (const part of rule.replace(/^RRULE:/i, '').split(';')) {
    if (part === '') continue;
    const [key, value, ...rest] = part.split('=');
    if (!key || !value || rest.length > 0) return null;
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  return parts;
}

/** "Mon", "the first Mon", "the last Fri" for one BYDAY entry; null when it is not one. */
function weekdayInWords(entry: string): string | null {
  const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(entry);
  if (!match) return null;
  const [, ordinal, day] = match;
  const name = weekdayNames[day as string] as string;
  if (ordinal === undefined) return name;
  const which = ordinals[ordinal.replace(/^\+/, '')];
  return which ? `the ${which} ${name}` : null;
}

function byDayInWords(value: string): string | null {
  const entries = value.split(',');
  const plain = entries.every((entry) => entry in weekdayNames);
  const sorted = plain
    ? [...entries].sort((a, b) => weekdayOrder.indexOf(a) - weekdayOrder.indexOf(b))
    : entries;
  const words = sorted.map(weekdayInWords);
  return words.every((word) => word !== null) ? words.join(', ') : null;
}

function monthDayInWords(value: string): string | null {
  const words = value.split(',').map((day) => {
    if (day === '-1') return 'the last day';
    return /^\d{1,2}$/.test(day) ? `day ${Number(day)}` : null;
  });
  return words.every((word) => word !== null) ? words.join(', ') : null;
}

function monthsInWords(value: string): string | null {
  const words = value.split(',').map((month) => monthNames[Number(month) - 1] ?? null);
  return words.every((word) => word !== null) ? words.join(', ') : null;
}

/** An RRULE UNTIL (`20270301` or `20270301T090000Z`) as "1 Mar 2027". */
function untilInWords(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(value);
  if (!match) return null;
  const [, year, month, day] = match;
  const name = monthNames[Number(month) - 1];
  return name ? `${Number(day)} ${name} ${year}` : null;
}

const everyWeekday = 'MO,TU,WE,TH,FR';

/** "Repeats weekly", "Repeats every 2 weeks on Mon", … or null for a rule it cannot read. */
function readRule(parts: Map<string, string>): string | null {
  for (const key of parts.keys()) if (!knownParts.has(key)) return null;
  const frequency = frequencies[parts.get('FREQ') ?? ''];
  if (!frequency) return null;
  const interval = Number(parts.get('INTERVAL') ?? '1');
  if (!Number.isInteger(interval) || interval < 1) return null;
  const byDay = parts.get('BYDAY');
  const sortedDays = byDay ? byDayInWords(byDay) : null;
  const weekdays = byDay !== undefined && byDayInWords(everyWeekday) === sortedDays;

  let words: string;
  if (weekdays && interval === 1 && frequency.unit !== 'month' && frequency.unit !== 'year') {
    words = 'Repeats every weekday';
  } else {
    words =
      interval === 1
        ? `Repeats ${frequency.adverb}`
        : `Repeats every ${interval} ${frequency.unit}s`;
    if (byDay !== undefined) {
      if (sortedDays === null) return null;
      words += ` on ${sortedDays}`;
    }
  }
  const monthDay = parts.get('BYMONTHDAY');
  if (monthDay !== undefined) {
    const days = monthDayInWords(monthDay);
    if (days === null) return null;
    words += ` on ${days}`;
  }
  const months = parts.get('BYMONTH');
  if (months !== undefined) {
    const names = monthsInWords(months);
    if (names === null) return null;
    words += ` in ${names}`;
  }
  const count = parts.get('COUNT');
  if (count !== undefined) words += `, ${count === '1' ? 'once' : `${Number(count)} times`}`;
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    const day = untilInWords(until);
    if (day === null) return null;
    words += `, until ${day}`;
  }
  return words;
}

/**
 * An RRULE in words: "Repeats weekly", "Repeats every weekday", "Repeats every 2 weeks on Mon,
 * 10 times", "Repeats monthly on the last day". A rule with parts it does not read (BYSETPOS,
 * BYHOUR, …) reads as "Repeats: <rule>", so nothing is ever described wrongly.
 */
export function ruleInWords(rule: string): string {
  const parts = ruleParts(rule.trim());
  const words = parts ? readRule(parts) : null;
  return words ?? `Repeats: ${rule}`;
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * An instant in UTC, the zone recurrences run in: "Mon 9 Jan, 09:00 UTC", with the year when it
 * is not the year of `now`.
 */
export function utcInstantInWords(instant: string, now: Date): string {
  const at = new Date(instant);
  const year = at.getUTCFullYear() === now.getUTCFullYear() ? '' : ` ${at.getUTCFullYear()}`;
  const day = `${dayNamesBySunday[at.getUTCDay()]} ${at.getUTCDate()} ${monthNames[at.getUTCMonth()]}`;
  return `${day}${year}, ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
}

/**
 * The drawer's recurrence line: "Repeats weekly · next Mon 9 Jan, 09:00 UTC · 3 made", or
 * "… · ended · 10 made" once the rule has no next occurrence.
 */
export function recurrenceLine(
  recurrence: { rule: string; nextAt?: string | null | undefined; made: number },
  now: Date,
): string {
  const next = recurrence.nextAt ? `next ${utcInstantInWords(recurrence.nextAt, now)}` : 'ended';
  return `${ruleInWords(recurrence.rule)} · ${next} · ${recurrence.made} made`;
}

/** The preset whose rule `rule` is (what the form starts from), or null for a custom rule. */
export function presetOfRule(rule: string): RecurrencePreset | null {
  const normalized = rule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  return recurrencePresets.find((each) => each.rule === normalized)?.preset ?? null;
}

/**
 * A `datetime-local` value ("2027-01-09T09:00") read as UTC, the zone recurrences run in, as
 * the API's DateTime; null when empty or not a date-time.
 */
export function startsAtOfLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const at = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** An instant as a `datetime-local` value in UTC ("2027-01-09T09:00"). */
export function localInputOfInstant(instant: string): string {
  return new Date(instant).toISOString().slice(0, 16);
}
