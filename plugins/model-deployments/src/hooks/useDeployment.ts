import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { modelDeploymentsApiRef } from '../api';
import { isUnderWay, useLiveRefresh } from './useLiveRefresh';

/** One deployment, read again while an operation is under way. */
export function useDeployment(id: string) {
  const api = useApi(modelDeploymentsApiRef);
  const state = useAsyncRetry(() => api.getDeployment(id), [api, id]);
  useLiveRefresh(
    state.value ? isUnderWay(state.value) : false,
    state.loading,
    state.retry,
  );
  return state;
}
