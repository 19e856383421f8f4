'use client';
import type { CombinedError } from '@urql/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useQuery, useSubscription } from 'urql';
import type { ResultOf } from '../../graphql/index.ts';
import {
  BoardColumnQuery,
  BoardQuery,
  type BoardTaskFields,
  ProjectEventsSubscription,
} from './documents.ts';

/** The board's data as the screens use it. */
export type BoardProject = NonNullable<ResultOf<typeof BoardQuery>['project']>;
export type BoardTask = ResultOf<typeof BoardTaskFields>;
export type BoardStatus = BoardProject['statuses'][number];

/** What the board knows of one column: its loaded cards and how many more the server has. */
export interface ColumnState {
  tasks: BoardTask[];
  /** Cards in the column on the server (filters aside). */
  total: number;
  /** Where "Show more" continues, or null when every card is loaded. */
  endCursor: string | null;
  loadingMore: boolean;
}

/**
 * Each column's first page, watched (cache-and-network through Graphcache, so live events and
 * moves show at once), and `loadMore(statusId)` for the next page of one column. Pages are
 * keyset-paged on the server along the board index, so a column of 100,000 cards costs one
 * page, not the column.
 */
function useBoardColumns(projectId: string, statusIds: readonly string[]) {
  const client = useClient();
  const [columns, setColumns] = useState<ReadonlyMap<string, ColumnState>>(new Map());
  const [error, setError] = useState<CombinedError | undefined>(undefined);
  const statusKey = statusIds.join(' ');
  useEffect(() => {
    const watches = statusKey
      .split(' ')
      .filter(Boolean)
      .map((statusId) =>
        client.query(BoardColumnQuery, { projectId, statusId, after: null }).subscribe((result) => {
          if (result.error) setError(result.error);
          const connection = result.data?.project?.tasks;
          if (!connection) return;
          const state: ColumnState = {
            tasks: connection.edges.map((edge) => edge.node),
            total: connection.totalCount,
            endCursor: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
            loadingMore: false,
          };
          setColumns((previous) => new Map(previous).set(statusId, state));
        }),
      );
    return () => {
      for (const watch of watches) watch.unsubscribe();
    };
  }, [client, projectId, statusKey]);
  const loadMore = useCallback(
    (statusId: string) => {
      const after = columns.get(statusId)?.endCursor;
      if (!after) return;
      setColumns((previous) => {
        const column = previous.get(statusId);
        return column
          ? new Map(previous).set(statusId, { ...column, loadingMore: true })
          : previous;
      });
      // The merged first page (watched above) receives this page through the cache.
      void client.query(BoardColumnQuery, { projectId, statusId, after }).toPromise();
    },
    [client, projectId, columns],
  );
  return { columns, loadMore, error, loaded: statusIds.every((id) => columns.has(id)) };
}

/** The last event index this tab has seen, per project: where a stream resumes. */
const cursors = new Map<string, number>();

/**
 * Loads a project's board (its frame, and each column's first page) and keeps it live: the
 * `projectEvents` stream starts after the newest event the load saw (or the last one this tab
 * saw, when the board was open before), so nothing between the load and the stream is missed.
 * Events merge into the cache (see board-cache.ts); this hook only follows the cursor.
 */
export function useBoard(projectId: string, options: { onRevoked: () => void }) {
  const [{ data, fetching, error }] = useQuery({ query: BoardQuery, variables: { projectId } });
  const project = data?.project ?? null;
  const statusIds = useMemo(
    () => (project?.statuses ?? []).map((status) => status.id),
    [project?.statuses],
  );
  const board = useBoardColumns(projectId, statusIds);

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

  const tasks = useMemo(
    () => [...board.columns.values()].flatMap((column) => column.tasks),
    [board.columns],
  );
  return {
    project,
    tasks,
    columns: board.columns,
    loadMore: board.loadMore,
    loading: (fetching && !project) || (project !== null && !board.loaded && !board.error),
    error: error ?? board.error ?? stream.error,
  };
}
