import { useApi } from '@backstage/core-plugin-api';
import type { ListDeploymentsQuery } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../api';
import { isUnderWay } from './liveRefresh';
import { useLiveResource } from './useLiveResource';

/** The deployments a query finds, read again while any of them has an operation under way. */
export function useDeployments(query: ListDeploymentsQuery) {
  const api = useApi(modelDeploymentsApiRef);
  return useLiveResource(
    () => api.listDeployments(query),
    // The query is compared by value: callers build it on every render.
    [api, JSON.stringify(query)],
    list => list.items.some(isUnderWay),
  );
}
