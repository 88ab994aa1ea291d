import { useApi } from '@backstage/core-plugin-api';
import { modelDeploymentsApiRef } from '../api';
import { isUnderWay } from './liveRefresh';
import { useLiveResource } from './useLiveResource';

/** One deployment, read again while an operation is under way. */
export function useDeployment(id: string) {
  const api = useApi(modelDeploymentsApiRef);
  return useLiveResource(() => api.getDeployment(id), [api, id], isUnderWay);
}
