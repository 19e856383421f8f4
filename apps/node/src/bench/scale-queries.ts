import { graphql } from '../client/graphql.ts';
import { type LatencySummary, summarize } from './measure.ts';
import type { Person } from './scale-data.ts';
import { searchTerm } from './scale-data.ts';

/** Unmeasured runs before each measured series (JIT, pools, caches). */
const warmUpRuns = 5;

/**
 * The board's first request for its tasks: `BoardTasksPage` with `after: null`, exactly as
 * apps/web/src/features/board/documents.ts sends it today (BoardTaskFields inlined). When the
 * board's query changes (per-column keyset pages), change this one function.
 */
export async function boardQuery(url: string, person: Person, projectId: string): Promise<void> {
  await graphql(
    url,
    `query BoardTasksPage($projectId: ID!, $after: String) {
      project(id: $projectId) {
        id
        tasks(first: 100, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node {
            id title priority dueDate startDate position version createdAt updatedAt completedAt
            status { id } parent { id } assignees { id name username } labels { id name color }
          } }
        }
      }
    }`,
    { projectId, after: null },
    { token: person.token },
  );
}

/**
 * `searchTasks` for a word one task in a hundred mentions, as `reader`, who is a member of the
 * largest project only: so it searches that project. Asks for the first page and the count.
 */
export async function searchQuery(url: string, reader: Person): Promise<void> {
  await graphql(
    url,
    `query ($query: String!) {
      searchTasks(query: $query, first: 20) { totalCount edges { node { id title } } }
    }`,
    { query: searchTerm },
    { token: reader.token },
  );
}

/** Runs `query` `runs` times one after another (after a warm-up); its p50 and p99. */
export async function queryLatency(
  runs: number,
  query: () => Promise<void>,
): Promise<LatencySummary> {
  for (let i = 0; i < warmUpRuns; i++) await query();
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await query();
    latencies.push(performance.now() - started);
  }
  return summarize(latencies);
}
