import { useApi } from '@backstage/core-plugin-api';
import type { ListDeploymentsQuery } from '@modelops/plugin-model-deployments-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { modelDeploymentsApiRef } from '../api';
import { isUnderWay, useLiveRefresh } from './useLiveRefresh';

/** The deployments a query finds, read again while any of them has an operation under way. */
export function useDeployments(query: ListDeploymentsQuery) {
  const api = useApi(modelDeploymentsApiRef);
  const key = JSON.stringify(query);
  const state = useAsyncRetry(
    () => api.listDeployments(query),
    // The query is compared by value: callers build it on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  useLiveRefresh(
    state.value?.items.some(isUnderWay) ?? false,
    state.loading,
    state.retry,
  );
  return state;
}
