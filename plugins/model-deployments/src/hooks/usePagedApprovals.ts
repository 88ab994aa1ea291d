import { useApi } from '@backstage/core-plugin-api';
import {
  LIST_PAGE_SIZE_DEFAULT,
  type ListApprovalsQuery,
} from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../api';
import { useCursorPages } from './useCursorPages';
import { useLiveResource } from './useLiveResource';

/** Requests change only when someone decides one: the list is read again on `reload`, not on a timer. */
const notLive = () => false;

/**
 * The approval requests a query finds, newest first, a page at a time with the API's cursors; a new
 * query starts again at the first page, and `reload` reads the page shown again (after a decision).
 */
export function usePagedApprovals(query: ListApprovalsQuery) {
  const api = useApi(modelDeploymentsApiRef);
  const key = JSON.stringify(query);
  const { cursor, pager } = useCursorPages(key);
  const state = useLiveResource(
    () =>
      api.listApprovals({
        ...query,
        limit: LIST_PAGE_SIZE_DEFAULT,
        ...(cursor ? { cursor } : {}),
      }),
    // The query is compared by value: callers build it on every render.
    [api, key, cursor],
    notLive,
  );
  return { ...state, ...pager(state.value?.nextCursor) };
}
