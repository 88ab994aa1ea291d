import {
  LIST_PAGE_SIZE_DEFAULT,
  type ListDeploymentsQuery,
} from '@modelops/plugin-model-deployments-common';
import { useCursorPages } from './useCursorPages';
import { useDeployments } from './useDeployments';

/**
 * The deployments a query finds, a page at a time with the API's cursors: `next` and `previous` move
 * between pages, and a new query starts again at the first.
 */
export function usePagedDeployments(query: ListDeploymentsQuery) {
  const { cursor, pager } = useCursorPages(JSON.stringify(query));
  const state = useDeployments({
    ...query,
    limit: LIST_PAGE_SIZE_DEFAULT,
    ...(cursor ? { cursor } : {}),
  });
  return { ...state, ...pager(state.value?.nextCursor) };
}
