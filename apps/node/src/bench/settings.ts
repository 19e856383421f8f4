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

/**
 * The numeric options `specs` describes, read from the command line. On an unknown option or
 * a value out of bounds, prints why and `usage` and exits with status 2.
 */
export function numericSettings<Name extends string>(
  specs: Record<Name, NumericSetting>,
  usage: string,
): Record<Name, number> {
  const names = Object.keys(specs) as Name[];
  try {
    const { values } = parseArgs({
      options: Object.fromEntries(
        names.map((name) => [name, { type: 'string', default: String(specs[name].default) }]),
      ) as Record<string, { type: 'string'; default: string }>,
    });
    const read = names.map((name) => [name, readSetting(name, String(values[name]), specs[name])]);
    return Object.fromEntries(read) as Record<Name, number>;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
}
