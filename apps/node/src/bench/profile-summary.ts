import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that the summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string };
    children?: number[];
  }[];
  /** Microseconds on the monotonic clock `process.hrtime` reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a sample's time goes: the first frame, walking up from the leaf, that belongs to a known
 * part. A socket write under mysql2 counts as mysql2; V8's own states keep their names.
 */
const parts: [category: string, pattern: RegExp][] = [
  ['Raft core (packages/raft)', /\/packages\/raft\//],
  ['apply and queries (packages/db)', /\/packages\/db\//],
  ['GraphQL resolvers (packages/schema)', /\/packages\/schema\//],
  ['node process (apps/node)', /\/apps\/node\//],
  ['mysql2 (protocol, socket I/O)', /node_modules\/mysql2\//],
  ['Drizzle (query building, row mapping)', /node_modules\/(drizzle-orm|sql-escaper)\//],
  [
    'GraphQL engine (graphql, Yoga, envelop, Pothos)',
    /node_modules\/(graphql|graphql-yoga|@graphql-yoga|@graphql-tools|@envelop|@pothos|@escape\.tech|@whatwg-node)\//,
  ],
  ['Socket.IO and ws (peers, live)', /node_modules\/(socket\.io[^/]*|engine\.io[^/]*|ws)\//],
  ['zod (command validation)', /node_modules\/zod\//],
  ['pino and prom-client', /node_modules\/(pino[^/]*|prom-client)\//],
];

const v8States = new Set(['(idle)', '(garbage collector)', '(program)']);

/** Share of wall time per category, over the samples between `fromUs` and `toUs`. */
export interface ProfileSummary {
  windowMs: number;
  shares: { category: string; percent: number }[];
}

/** Summarises one profile over a window of the monotonic clock (`process.hrtime`, in µs). */
export function summarizeProfile(file: string, fromUs: number, toUs: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOf = new Map<number, string>();
  const categorize = (leaf: number): string => {
    const known = categoryOf.get(leaf);
    if (known !== undefined) return known;
    let category = 'Node.js runtime (other)';
    const leafName = byId.get(leaf)?.callFrame.functionName ?? '';
    if (v8States.has(leafName)) category = leafName;
    else {
      for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
        const url = byId.get(id)?.callFrame.url ?? '';
        const found = parts.find(([, pattern]) => pattern.test(url));
        if (found) {
          category = found[0];
          break;
        }
      }
    }
    categoryOf.set(leaf, category);
    return category;
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  let windowUs = 0;
  profile.samples.forEach((sample, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) return;
    windowUs += delta;
    const category = categorize(sample);
    totals.set(category, (totals.get(category) ?? 0) + delta);
  });
  const shares = [...totals]
    .map(([category, us]) => ({ category, percent: windowUs > 0 ? (100 * us) / windowUs : 0 }))
    .sort((a, b) => b.percent - a.percent);
  return { windowMs: windowUs / 1_000, shares };
}
