/**
 * A few Prometheus metrics, written by hand: the node needs counters, gauges and one latency
 * histogram, which does not justify a dependency.
 */
export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  /** `bucketsMs` are upper bounds in milliseconds, ascending. */
  constructor(readonly bucketsMs: readonly number[]) {
    this.counts = bucketsMs.map(() => 0);
  }

  observe(valueMs: number): void {
    this.sum += valueMs;
    this.count++;
    const bucket = this.bucketsMs.findIndex((bound) => valueMs <= bound);
    if (bucket >= 0) this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
  }

  /** Prometheus exposition lines for metric `name` (in seconds, as Prometheus expects). */
  render(name: string, help: string): string[] {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    let cumulative = 0;
    this.bucketsMs.forEach((bound, i) => {
      cumulative += this.counts[i] ?? 0;
      lines.push(`${name}_bucket{le="${bound / 1000}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`);
    lines.push(`${name}_sum ${this.sum / 1000}`, `${name}_count ${this.count}`);
    return lines;
  }
}

/** One sample: a metric name, its labels, its value. */
export interface Sample {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  value: number;
  labels?: Record<string, string>;
}

function escapeLabel(value: string) {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Renders samples (grouped by name, HELP/TYPE once each) plus extra pre-rendered lines. */
export function renderMetrics(samples: readonly Sample[], extra: readonly string[] = []): string {
  const lines: string[] = [];
  const described = new Set<string>();
  for (const sample of samples) {
    if (!described.has(sample.name)) {
      described.add(sample.name);
      lines.push(`# HELP ${sample.name} ${sample.help}`, `# TYPE ${sample.name} ${sample.type}`);
    }
    const labels = Object.entries(sample.labels ?? {})
      .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
      .join(',');
    lines.push(`${sample.name}${labels ? `{${labels}}` : ''} ${sample.value}`);
  }
  return `${[...lines, ...extra].join('\n')}\n`;
}
