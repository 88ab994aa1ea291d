import {
  LIST_PAGE_SIZE_DEFAULT,
  type ListDeploymentsQuery,
} from '@modelops/plugin-model-deployments-common';
import { useState } from 'react';
import { useDeployments } from './useDeployments';

/**
 * The deployments a query finds, a page at a time with the API's cursors: `next` and `previous` move
 * between pages, and a new query starts again at the first.
 */
export function usePagedDeployments(query: ListDeploymentsQuery) {
  const key = JSON.stringify(query);
  // The cursors of the pages seen so far; the last is the page shown (undefined: the first page).
  const [pages, setPages] = useState<{
    key: string;
    cursors: (string | undefined)[];
  }>({ key, cursors: [undefined] });
  const cursors = pages.key === key ? pages.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  const state = useDeployments({
    ...query,
    limit: LIST_PAGE_SIZE_DEFAULT,
    ...(cursor ? { cursor } : {}),
  });
  const nextCursor = state.value?.nextCursor;
  return {
    ...state,
    hasPrevious: cursors.length > 1,
    hasNext: Boolean(nextCursor),
    next: () => setPages({ key, cursors: [...cursors, nextCursor] }),
    previous: () => setPages({ key, cursors: cursors.slice(0, -1) }),
  };
}
