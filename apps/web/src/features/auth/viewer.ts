'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql, type ResultOf } from '../../graphql/index.ts';

export const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      name
      username
      email
    }
  }
`);

/** The signed-in person. */
export type Viewer = NonNullable<ResultOf<typeof ViewerQuery>['me']>;

/**
 * The signed-in person, sending whoever is signed out to the sign-in page (with a way back).
 * `viewer` is undefined while loading.
 */
export function useRequiredViewer(): { viewer: Viewer | undefined } {
  const [{ data, fetching, error }] = useQuery({ query: ViewerQuery });
  const router = useRouter();
  const signedOut = !fetching && !error && data !== undefined && data.me === null;
  useEffect(() => {
    if (!signedOut) return;
    const back = `${window.location.pathname}${window.location.search}`;
    router.replace(`/sign-in?next=${encodeURIComponent(back)}`);
  }, [signedOut, router]);
  return { viewer: data?.me ?? undefined };
}
