import { createApiRef } from '@backstage/core-plugin-api';
import type { ModelDeploymentsApi } from '@modelops/plugin-model-deployments-common';

/**
 * The Model Deployments backend's client in the app: the common package's `ModelDeploymentsClient`,
 * built from the app's discovery and fetch APIs (which add the signed-in user's token).
 *
 * @public
 */
export const modelDeploymentsApiRef = createApiRef<ModelDeploymentsApi>({
  id: 'plugin.model-deployments.service',
});
