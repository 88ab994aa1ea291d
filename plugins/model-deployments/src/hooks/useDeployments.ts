import { useApi } from '@backstage/core-plugin-api';
import type { ListDeploymentsQuery } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../api';
import { deploymentsRefreshMs } from './liveRefresh';
import { useLiveResource } from './useLiveResource';

/**
 * The deployments a query finds, read again every few seconds while any of them has an operation under
 * way, every minute otherwise.
 */
export function useDeployments(query: ListDeploymentsQuery) {
  const api = useApi(modelDeploymentsApiRef);
  return useLiveResource(
    () => api.listDeployments(query),
    // The query is compared by value: callers build it on every render.
    [api, JSON.stringify(query)],
    () => true,
    list => deploymentsRefreshMs(list.items),
  );
}
