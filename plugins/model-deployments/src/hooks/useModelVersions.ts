import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { modelDeploymentsApiRef } from '../api';

/** The versions the Model Deployments backend lists for a model, newest first; none without a model. */
export function useModelVersions(modelRef: string | undefined) {
  const api = useApi(modelDeploymentsApiRef);
  return useAsync(
    async () => (modelRef ? api.listModelVersions(modelRef) : undefined),
    [api, modelRef],
  );
}
