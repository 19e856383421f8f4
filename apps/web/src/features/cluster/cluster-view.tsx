'use client';
import { useEffect, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql, type ResultOf } from '../../graphql/index.ts';

const ClusterFields = graphql(`
  fragment ClusterFields on Cluster @_unmask {
    leaderId
    term
    nodes {
      id
      role
      term
      commitIndex
      appliedIndex
      lag
    }
  }
`);

const ClusterQuery = graphql(
  `
  query Cluster {
    cluster {
      ...ClusterFields
    }
  }
`,
  [ClusterFields],
);

const ClusterChangedSubscription = graphql(
  `
  subscription ClusterChanged {
    clusterChanged {
      ...ClusterFields
    }
  }
`,
  [ClusterFields],
);

type ClusterState = ResultOf<typeof ClusterFields>;

/** How often the table is read again, beside the live feed, so indexes keep moving. */
const refreshIntervalMs = 2_000;

const roleTone: Record<string, string> = {
  LEADER: 'bg-accent text-white',
  FOLLOWER: 'bg-surface-2 text-ink',
  LEARNER: 'bg-surface-2 text-muted',
  CANDIDATE: 'bg-warn/20 text-warn',
  PRE_CANDIDATE: 'bg-warn/20 text-warn',
  UNREACHABLE: 'border border-danger/60 bg-surface text-danger',
};

interface NodeChoice {
  nodes: { id: string; url: string }[];
  preferredNodeId: string | null;
}

/**
 * Every member of the cluster: role, term, commit and applied index, lag, live through
 * `clusterChanged` (leadership moves show at once) and re-read every two seconds for the
 * indexes. Also where a person picks the node this browser goes through first.
 */
export function ClusterView() {
  const [{ data, error }, refetch] = useQuery({
    query: ClusterQuery,
    requestPolicy: 'network-only',
  });
  const [live] = useSubscription({ query: ClusterChangedSubscription });
  const [choice, setChoice] = useState<NodeChoice | null>(null);
  useEffect(() => {
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), refreshIntervalMs);
    return () => clearInterval(timer);
  }, [refetch]);
  useEffect(() => {
    void fetch('/api/nodes')
      .then((response) => response.json() as Promise<NodeChoice>)
      .then(setChoice)
      .catch(() => undefined);
  }, []);
  const cluster: ClusterState | undefined = latest(data?.cluster, live.data?.clusterChanged);

  async function prefer(nodeId: string | null) {
    const response = await fetch('/api/nodes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nodeId }),
    });
    if (response.ok) window.location.reload();
  }

  return (
    <main className="mx-auto w-full max-w-4xl px-4 py-8">
      <h1 className="mb-1 text-lg font-semibold">Cluster</h1>
      <p className="mb-6 text-sm text-muted">
        Every write is committed by a majority of these nodes before anyone sees it. Stop the leader
        and watch another take over.
      </p>
      {error && !cluster && (
        <p role="alert" className="text-danger">
          The cluster cannot be reached right now.
        </p>
      )}
      {cluster && (
        <>
          <p className="mb-3 text-sm" aria-live="polite">
            {cluster.leaderId ? (
              <>
                Leader: <strong data-testid="leader">{cluster.leaderId}</strong> in term{' '}
                {cluster.term}
              </>
            ) : (
              <>No leader right now (term {cluster.term}); an election is under way.</>
            )}
          </p>
          <table className="w-full overflow-hidden rounded-lg border border-line bg-surface text-sm">
            <caption className="sr-only">Cluster members</caption>
            <thead className="text-left text-xs text-muted">
              <tr className="border-b border-line">
                {['Node', 'Role', 'Term', 'Commit', 'Applied', 'Lag'].map((heading) => (
                  <th key={heading} scope="col" className="px-3 py-2 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {cluster.nodes.map((node) => (
                <tr key={node.id} className="border-b border-line last:border-0">
                  <th scope="row" className="px-3 py-2 text-left font-mono font-medium">
                    {node.id}
                  </th>
                  <td className="px-3 py-2">
                    <span
                      className={`rounded px-1.5 py-0.5 text-xs font-medium ${roleTone[node.role] ?? ''}`}
                    >
                      {node.role.replace('_', ' ').toLowerCase()}
                    </span>
                  </td>
                  <td className="px-3 py-2 tabular-nums">{node.term ?? '—'}</td>
                  <td className="px-3 py-2 tabular-nums">{node.commitIndex ?? '—'}</td>
                  <td className="px-3 py-2 tabular-nums">{node.appliedIndex ?? '—'}</td>
                  <td className="px-3 py-2 tabular-nums">{node.lag ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {choice && (
        <section aria-labelledby="route" className="mt-8">
          <h2 id="route" className="mb-2 text-sm font-semibold">
            This browser’s node
          </h2>
          <p className="mb-3 text-sm text-muted">
            The board goes through any healthy node and moves on when one fails. Pick one to try
            first (for example, to watch a failover from a follower).
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              onClick={() => void prefer(null)}
              aria-pressed={choice.preferredNodeId === null}
              className="rounded-md border border-line px-3 py-1 text-sm aria-pressed:border-accent aria-pressed:text-accent"
            >
              Any node
            </button>
            {choice.nodes.map((node) => (
              <button
                key={node.id}
                type="button"
                onClick={() => void prefer(node.id)}
                aria-pressed={choice.preferredNodeId === node.id}
                className="rounded-md border border-line px-3 py-1 font-mono text-sm aria-pressed:border-accent aria-pressed:text-accent"
                title={node.url}
              >
                {node.id}
              </button>
            ))}
          </div>
        </section>
      )}
    </main>
  );
}

/** The newer of two views of the cluster: the higher term wins, the live one on a tie. */
function latest(polled: ClusterState | undefined, pushed: ClusterState | undefined) {
  if (!polled) return pushed;
  if (!pushed) return polled;
  return pushed.term > polled.term ? pushed : polled;
}
