/** `value` without its undefined properties: a partial update's keys that were given. */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Drops undefined properties, so "absent" and "set to null" stay different in an update. */
export function defined<T extends object>(value: T): Defined<T> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) result[key] = entry;
  }
  return result as Defined<T>;
}
