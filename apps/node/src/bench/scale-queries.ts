import { graphql } from '../client/graphql.ts';
import { type LatencySummary, summarize } from './measure.ts';
import type { Person } from './scale-data.ts';
import { searchTerm } from './scale-data.ts';

/** Unmeasured runs before each measured series (JIT, pools, caches). */
const warmUpRuns = 5;

/** Each project's column ids, read once (not measured). */
const columnsOf = new Map<string, string[]>();

async function columnIds(url: string, person: Person, projectId: string): Promise<string[]> {
  const known = columnsOf.get(projectId);
  if (known) return known;
  const answer = await graphql<{ project: { statuses: { id: string }[] } }>(
    url,
    'query ($projectId: ID!) { project(id: $projectId) { statuses { id } } }',
    { projectId },
    { token: person.token },
  );
  const ids = answer.project.statuses.map((status) => status.id);
  columnsOf.set(projectId, ids);
  return ids;
}

/**
 * What the board asks for its cards when it opens: the first page of every column at once,
 * `BoardColumn` with `after: null`, exactly as apps/web/src/features/board/documents.ts sends
 * it (BoardTaskFields inlined). One measurement is all the columns' answers.
 */
export async function boardQuery(url: string, person: Person, projectId: string): Promise<void> {
  const columns = await columnIds(url, person, projectId);
  await Promise.all(
    columns.map((statusId) =>
      graphql(
        url,
        `query BoardColumn($projectId: ID!, $statusId: ID!, $after: String) {
          project(id: $projectId) {
            id
            tasks(statusId: $statusId, first: 50, after: $after) {
              totalCount
              pageInfo { hasNextPage endCursor }
              edges { node {
                id title priority dueDate startDate position version createdAt updatedAt completedAt
                status { id } parent { id } assignees { id name username } labels { id name color }
              } }
            }
          }
        }`,
        { projectId, statusId, after: null },
        { token: person.token },
      ),
    ),
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
