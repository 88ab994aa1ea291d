import { useApi } from '@backstage/core-plugin-api';
import { modelDeploymentsApiRef } from '../api';
import { deploymentsRefreshMs } from './liveRefresh';
import { useLiveResource } from './useLiveResource';

/** One deployment, read again every few seconds while an operation is under way, every minute otherwise. */
export function useDeployment(id: string) {
  const api = useApi(modelDeploymentsApiRef);
  return useLiveResource(
    () => api.getDeployment(id),
    [api, id],
    () => true,
    deployment => deploymentsRefreshMs([deployment]),
  );
}
