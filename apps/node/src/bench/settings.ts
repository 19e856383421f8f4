import { parseArgs } from 'node:util';

/** A numeric `--name value` option: its default and bounds; `integer` ones refuse fractions. */
export interface NumericSetting {
  default: number;
  min: number;
  max: number;
  integer: boolean;
}

/** Reads `--name value` as a number within its bounds, or throws saying what it accepts. */
function readSetting(name: string, text: string, { min, max, integer }: NumericSetting): number {
  const value = Number(text);
  const kind = integer ? 'a whole number' : 'a number';
  const fits = Number.isInteger(value) || (!integer && Number.isFinite(value));
  if (!fits || value < min || value > max) {
    throw new Error(`--${name} takes ${kind} from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return value;
}

/** The options of a bench: numbers, on/off flags, and which numbers the command line gave. */
export interface BenchSettings<Name extends string, Flag extends string> {
  values: Record<Name, number>;
  flags: Record<Flag, boolean>;
  /** The numeric options given on the command line (the rest hold their defaults). */
  given: ReadonlySet<Name>;
}

function readOptions<Name extends string, Flag extends string>(
  specs: Record<Name, NumericSetting>,
  flagNames: readonly Flag[],
): BenchSettings<Name, Flag> {
  const names = Object.keys(specs) as Name[];
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(names.map((name) => [name, { type: 'string' }])),
      ...Object.fromEntries(flagNames.map((flag) => [flag, { type: 'boolean' }])),
    } as Record<string, { type: 'string' | 'boolean' }>,
  });
  const given = new Set(names.filter((name) => values[name] !== undefined));
  const read = names.map((name) => {
    const text = given.has(name) ? String(values[name]) : String(specs[name].default);
    return [name, readSetting(name, text, specs[name])];
  });
  const flags = flagNames.map((flag) => [flag, values[flag] === true]);
  return {
    values: Object.fromEntries(read) as Record<Name, number>,
    flags: Object.fromEntries(flags) as Record<Flag, boolean>,
    given,
  };
}

/**
 * The numeric options `specs` describes and the on/off `flags`, read from the command line. On
 * an unknown option or a value out of bounds, prints why and `usage` and exits with status 2.
 */
export function benchSettings<Name extends string, Flag extends string>(
  specs: Record<Name, NumericSetting>,
  flags: readonly Flag[],
  usage: string,
): BenchSettings<Name, Flag> {
  try {
    return readOptions(specs, flags);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
}

/** The numeric options `specs` describes (see `benchSettings`), for benches without flags. */
export function numericSettings<Name extends string>(
  specs: Record<Name, NumericSetting>,
  usage: string,
): Record<Name, number> {
  return benchSettings(specs, [], usage).values;
}
