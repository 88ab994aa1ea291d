import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ModelDeploymentsClient, modelDeploymentsApiRef } from './api';

/**
 * The Model Deployments frontend plugin, for apps on the legacy frontend system.
 *
 * @public
 */
export const modelDeploymentsPlugin = createPlugin({
  id: 'model-deployments',
  apis: [
    createApiFactory({
      api: modelDeploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelDeploymentsClient({ discoveryApi, fetchApi }),
    }),
  ],
});
