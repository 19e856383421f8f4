'use client';
import { useEffect, useMemo, useRef } from 'react';
import { useClient, useQuery, useSubscription } from 'urql';
import type { ResultOf } from '../../graphql/index.ts';
import {
  BoardQuery,
  type BoardTaskFields,
  BoardTasksPageQuery,
  ProjectEventsSubscription,
} from './documents.ts';

/** The board's data as the screens use it. */
export type BoardProject = NonNullable<ResultOf<typeof BoardQuery>['project']>;
export type BoardTask = ResultOf<typeof BoardTaskFields>;
export type BoardStatus = BoardProject['statuses'][number];

/** The last event index this tab has seen, per project: where a stream resumes. */
const cursors = new Map<string, number>();

/**
 * Loads a project's board (every page of its tasks, one after another) and keeps it live: the
 * `projectEvents` stream starts after the newest event the load saw (or the last one this tab
 * saw, when the board was open before), so nothing between the load and the stream is missed.
 * Events merge into the cache (see board-cache.ts); this hook only follows the cursor.
 */
export function useBoard(projectId: string, options: { onRevoked: () => void }) {
  const client = useClient();
  const [{ data, fetching, error }] = useQuery({ query: BoardQuery, variables: { projectId } });
  const [tasksPage] = useQuery({
    query: BoardTasksPageQuery,
    variables: { projectId, after: null },
  });
  const project = data?.project ?? null;
  const pageInfo = tasksPage.data?.project?.tasks.pageInfo;

  useEffect(() => {
    if (!pageInfo?.hasNextPage || !pageInfo.endCursor) return;
    void client.query(BoardTasksPageQuery, { projectId, after: pageInfo.endCursor }).toPromise();
  }, [client, projectId, pageInfo?.hasNextPage, pageInfo?.endCursor]);

  // Where this screen's stream starts; fixed once known, because the stream itself follows the
  // cursor from then on (a new `after` would open a second stream).
  const loadedIndex = project?.events.edges.at(-1)?.node.index;
  const startAfter = useRef<number | undefined>(undefined);
  if (startAfter.current === undefined && loadedIndex !== undefined) {
    startAfter.current = cursors.get(projectId) ?? loadedIndex;
  }
  const after = startAfter.current;
  const [stream] = useSubscription(
    {
      query: ProjectEventsSubscription,
      variables: { projectId, after: after ?? 0 },
      pause: after === undefined,
    },
    (_previous, message) => {
      const index = message.projectEvents.index;
      cursors.set(projectId, Math.max(cursors.get(projectId) ?? 0, index));
      if (message.projectEvents.type === 'REVOKED') options.onRevoked();
      return message;
    },
  );

  const edges = tasksPage.data?.project?.tasks.edges;
  const tasks = useMemo(() => (edges ? edges.map((edge) => edge.node) : []), [edges]);
  return {
    project,
    tasks,
    loading: (fetching && !project) || (tasksPage.fetching && !edges),
    loadingMore: Boolean(pageInfo?.hasNextPage),
    error: error ?? tasksPage.error ?? stream.error,
  };
}
