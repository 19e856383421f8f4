/** Most keys one batched query carries; larger batches are split. */
export const batchKeysMax = 500;

/**
 * Collects the keys asked for in one tick and loads them with one call (the DataLoader idea,
 * per request, without a cache across requests). `load` returns a map from key to value; keys
 * it leaves out resolve to `missing`.
 */
export class BatchLoader<Key, Value> {
  private pending = new Map<Key, ((value: Value) => void)[]>();
  private failures = new Map<Key, ((error: unknown) => void)[]>();
  private scheduled = false;

  constructor(
    private readonly load: (keys: Key[]) => Promise<Map<Key, Value>>,
    private readonly missing: Value,
  ) {}

  /** The value for `key`, loaded together with the other keys asked for in this tick. */
  get(key: Key): Promise<Value> {
    return new Promise<Value>((resolve, reject) => {
      this.pending.set(key, [...(this.pending.get(key) ?? []), resolve]);
      this.failures.set(key, [...(this.failures.get(key) ?? []), reject]);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const pending = this.pending;
    const failures = this.failures;
    this.pending = new Map();
    this.failures = new Map();
    this.scheduled = false;
    const keys = [...pending.keys()];
    for (let start = 0; start < keys.length; start += batchKeysMax) {
      const slice = keys.slice(start, start + batchKeysMax);
      try {
        const values = await this.load(slice);
        for (const key of slice) {
          for (const resolve of pending.get(key) ?? []) resolve(values.get(key) ?? this.missing);
        }
      } catch (error) {
        for (const key of slice) for (const reject of failures.get(key) ?? []) reject(error);
      }
    }
  }
}

/** Groups rows by a key, keeping their order. */
export function groupBy<Row, Key>(rows: readonly Row[], keyOf: (row: Row) => Key) {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}
