import { useApi } from '@backstage/core-plugin-api';
import {
  TRANSITIONAL_STATUSES,
  type ListDeploymentsQuery,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { modelDeploymentsApiRef } from '../api';

/** While an operation runs, the list is read again this often, so statuses move without a reload. */
export const LIVE_REFRESH_MS = 3000;

function underWay(deployment: ModelDeployment): boolean {
  return (
    Boolean(deployment.operation) ||
    TRANSITIONAL_STATUSES.includes(deployment.status)
  );
}

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
  const live = state.value?.items.some(underWay) ?? false;
  const { retry, loading } = state;
  useEffect(() => {
    if (!live || loading) {
      return undefined;
    }
    const timer = setTimeout(retry, LIVE_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [live, loading, retry]);
  return state;
}
